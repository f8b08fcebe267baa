using LightVm.LoadTesting.Platform;

namespace LightVm.LoadTests.Tests.Platform;

public sealed class ServerTimingHeaderTests
{
    [Fact]
    public void Parse_GatewayHeader_ReadsEveryPhase()
    {
        var phases = ServerTimingHeader.Parse("queue;dur=0.6, shell;dur=0.03, execute;dur=0.6, ready;dur=1.2, hold;dur=5.1, proxy;dur=1.9");

        Assert.Equal(["queue", "shell", "execute", "ready", "hold", "proxy"], phases.Keys);
        Assert.Equal(0.03, phases["shell"]);
        Assert.Equal(5.1, phases["hold"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("proxy")]
    [InlineData("proxy;desc=\"x\"")]
    public void Parse_NoDurations_IsEmpty(string? header)
    {
        Assert.Empty(ServerTimingHeader.Parse(header));
    }
}
