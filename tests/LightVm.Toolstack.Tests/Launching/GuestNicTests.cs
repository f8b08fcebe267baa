using System.Net;
using LightVm.Testing;
using LightVm.Toolstack.Launching;
using LightVm.Devd.Network;

namespace LightVm.Toolstack.Tests.Launching;

public sealed class GuestNicTests
{
    private static readonly ShellSpec Spec = new() { Service = TestPolicies.DefaultService, Driver = TestPolicies.FakeDriver, Image = "/bin/true", Port = 8080 };

    [Fact]
    public void For_ShellOnItsEndpoint_NicIsTheEndpointAddressSlash8WithoutGateway()
    {
        var shell = new FakeShell(Spec, DateTimeOffset.UnixEpoch);

        var nic = GuestNic.For(shell);

        Assert.Equal(shell.Endpoint.Address, nic.Address);
        Assert.Equal(8, nic.PrefixLength);
        Assert.Null(nic.Gateway);
    }

    [Fact]
    public void For_ShellBehindAForward_NicIsTheAddressAndGatewayTheShellGivesItsGuest()
    {
        var shell = new ForwardedShell(Spec);

        var nic = GuestNic.For(shell);

        Assert.Equal(IPAddress.Parse("10.0.2.15"), nic.Address);
        Assert.Equal(24, nic.PrefixLength);
        Assert.Equal(IPAddress.Parse("10.0.2.2"), nic.Gateway);
    }

    [Fact]
    public void For_AnyShell_MacIsTheGuestMacOfItsId()
    {
        var shell = new FakeShell(Spec, DateTimeOffset.UnixEpoch);

        Assert.Equal(GuestMac.For(shell.Id), GuestNic.For(shell).Mac);
    }

    /// <summary>A guest reached through a forward on a loopback address, as QEMU user-mode networking makes them.</summary>
    private sealed class ForwardedShell(ShellSpec spec) : Shell(Guid.NewGuid(), spec, new IPEndPoint(IPAddress.Parse("127.77.0.9"), 8080), DateTimeOffset.UnixEpoch)
    {
        public override IPAddress GuestAddress => IPAddress.Parse("10.0.2.15");

        public override byte GuestPrefixLength => 24;

        public override IPAddress? GuestGateway => IPAddress.Parse("10.0.2.2");

        public override Task<string> Exited => new TaskCompletionSource<string>().Task;

        public override string ConsoleTail(int lines = 10) => string.Empty;
    }
}
