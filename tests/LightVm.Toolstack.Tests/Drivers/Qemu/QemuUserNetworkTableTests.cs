using LightVm.Toolstack.Drivers.Qemu;

namespace LightVm.Toolstack.Tests.Drivers.Qemu;

/// <summary>Reading slirp's connection table (<c>info usernet</c>, as QEMU 7.2 prints it) for a connection the guest accepted.</summary>
public sealed class QemuUserNetworkTableTests
{
    private const string Header = "Hub -1 (net0):\r\n  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ\r\n";
    private const string Forward = "  TCP[HOST_FORWARD]   8   127.77.70.192  8080       10.0.2.15  8080     0     0\r\n";

    [Fact]
    public void GuestAccepted_ConnectionEstablishedToTheGuestPort_True()
    {
        var table = Header + "  TCP[ESTABLISHED]   15   127.77.70.192  8080       10.0.2.15  8080     0     0\r\n" + Forward;

        Assert.True(QemuUserNetwork.GuestAccepted(table, 8080));
    }

    [Theory]
    [InlineData("  TCP[SYN_SENT]      15   127.77.70.192  8080       10.0.2.15  8080     0     0\r\n")]
    [InlineData("  TCP[TIME_WAIT]     11   127.77.70.192  8080       10.0.2.15  8080     0     0\r\n")]
    [InlineData("  TCP[ESTABLISHED]   15   127.77.70.192  9090       10.0.2.15  9090     0     0\r\n")]
    [InlineData("")]
    public void GuestAccepted_NoEstablishedConnectionToTheGuestPort_False(string row)
    {
        Assert.False(QemuUserNetwork.GuestAccepted(Header + row + Forward, 8080));
    }
}
