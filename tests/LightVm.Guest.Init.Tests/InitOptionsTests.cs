namespace LightVm.Guest.Init.Tests;

public sealed class InitOptionsTests
{
    [Fact]
    public void Parse_NoArguments_UsesImageDefaults()
    {
        var options = InitOptions.Parse([]);

        Assert.Equal("/lightvm/app.json", options.AppPath);
        Assert.Equal("/run/lightvm/page", options.PagePath);
        Assert.Null(options.PageMemory);
    }

    [Fact]
    public void Parse_KernelBootWords_AreSkipped()
    {
        var options = InitOptions.Parse(["quiet", "--app", "/x.json", "--page-memory", "/m"]);

        Assert.Equal("/x.json", options.AppPath);
        Assert.Equal("/m", options.PageMemory);
    }

    [Fact]
    public void Parse_OptionWithoutValue_Throws()
    {
        var ex = Assert.Throws<InitException>(() => InitOptions.Parse(["--page"]));

        Assert.Contains("--page", ex.Message, StringComparison.Ordinal);
    }
}
