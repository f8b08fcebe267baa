using LightVm.Guest.Hosting;
using LightVm.Noxs;

namespace LightVm.Guest.Tests.Hosting;

public sealed class PageConfigTests
{
    [Fact]
    public void Port_ValidPort_IsParsed()
    {
        Assert.Equal(8080, PageConfig.Port(Page(new() { [PageKeys.Port] = "8080" })));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("+80")]
    [InlineData(" 80")]
    [InlineData("http")]
    public void Port_NotAPort_SaysTheKeyAndTheValue(string text)
    {
        var ex = Assert.Throws<GuestStartupException>(() => PageConfig.Port(Page(new() { [PageKeys.Port] = text })));

        Assert.Equal($"The device page's 'port' is '{text}', not a TCP port (1-65535).", ex.Message);
    }

    [Fact]
    public void Port_Missing_SaysSo()
    {
        var ex = Assert.Throws<GuestStartupException>(() => PageConfig.Port(Page([])));

        Assert.Equal("The device page has no 'port' in its config.", ex.Message);
    }

    [Fact]
    public void Required_WhiteSpace_CountsAsMissing()
    {
        var ex = Assert.Throws<GuestStartupException>(() => PageConfig.Required(Page(new() { [PageKeys.Hostname] = "  " }), PageKeys.Hostname));

        Assert.Equal("The device page has no 'hostname' in its config.", ex.Message);
        Assert.Equal("a.test", PageConfig.Required(Page(new() { [PageKeys.Hostname] = "a.test" }), PageKeys.Hostname));
    }

    private static DevicePage Page(Dictionary<string, string> config) => PageDirectory.Page(1) with { Config = config };
}
