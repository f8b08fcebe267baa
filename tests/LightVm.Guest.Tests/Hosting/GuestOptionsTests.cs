using LightVm.Guest.Hosting;

namespace LightVm.Guest.Tests.Hosting;

public sealed class GuestOptionsTests
{
    [Fact]
    public void Parse_PageArgument_WinsOverTheEnvironment()
    {
        Assert.Equal("/a/page", GuestOptions.Parse("app", ["--page", "/a/page"], "/env/page").PagePath);
        Assert.Equal("/b/page", GuestOptions.Parse("app", ["--page=/b/page"], null).PagePath);
    }

    [Fact]
    public void Parse_NoArgument_TakesTheEnvironment()
    {
        Assert.Equal("/env/page", GuestOptions.Parse("app", [], "/env/page").PagePath);
    }

    [Fact]
    public void Parse_UnknownArgument_SaysTheUsageWithTheName()
    {
        var ex = Assert.Throws<GuestStartupException>(() => GuestOptions.Parse("jit-web", ["--port", "80"], "/env/page"));

        Assert.Equal("Unknown argument '--port'. Usage: jit-web [--page PATH] (or set LIGHTVM_PAGE).", ex.Message);
    }

    [Fact]
    public void Parse_NoPageAnywhere_Throws()
    {
        var ex = Assert.Throws<GuestStartupException>(() => GuestOptions.Parse("app", [], " "));

        Assert.Equal("No device page: set LIGHTVM_PAGE or pass --page PATH.", ex.Message);
        Assert.Equal("--page needs a path.", Assert.Throws<GuestStartupException>(() => GuestOptions.Parse("app", ["--page"], null)).Message);
    }
}
