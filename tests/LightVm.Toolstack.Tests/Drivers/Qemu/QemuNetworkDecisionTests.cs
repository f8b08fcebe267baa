using LightVm.Toolstack.Drivers.Qemu;

namespace LightVm.Toolstack.Tests.Drivers.Qemu;

public sealed class QemuNetworkDecisionTests
{
    [Fact]
    public void Decide_AutoAndTapsCanBeMade_Tap()
    {
        var (network, reason) = QemuNetworkDecision.Decide("auto", () => new TapCapability(true, "CAP_NET_ADMIN and /dev/net/tun usable"));

        Assert.Equal(QemuNetwork.Tap, network);
        Assert.Equal("auto: CAP_NET_ADMIN and /dev/net/tun usable", reason);
    }

    [Fact]
    public void Decide_AutoAndTapsCannotBeMade_UserSayingWhy()
    {
        var (network, reason) = QemuNetworkDecision.Decide("auto", () => new TapCapability(false, "not root and no CAP_NET_ADMIN"));

        Assert.Equal(QemuNetwork.User, network);
        Assert.StartsWith("auto: not root and no CAP_NET_ADMIN; falling back to user-mode networking", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tap", QemuNetwork.Tap)]
    [InlineData("user", QemuNetwork.User)]
    public void Decide_Forced_TakesItWithoutAskingTheCheck(string configured, QemuNetwork expected)
    {
        var (network, reason) = QemuNetworkDecision.Decide(configured, () => throw new InvalidOperationException("asked"));

        Assert.Equal(expected, network);
        Assert.Equal($"configured: {configured}", reason);
    }

    [Fact]
    public void Decide_UnknownMode_FailsNamingTheChoices()
    {
        var error = Assert.Throws<GuestStartException>(() => QemuNetworkDecision.Decide("bridge", () => new TapCapability(true, "yes")));

        Assert.Contains("auto, tap, user", error.Message, StringComparison.Ordinal);
    }
}
