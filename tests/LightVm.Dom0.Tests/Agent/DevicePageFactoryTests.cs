using System.Net;
using LightVm.Dom0.Agent;
using LightVm.Testing;
using LightVm.Toolstack;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Dom0.Tests.Agent;

public sealed class DevicePageFactoryTests
{
    private static readonly ShellSpec Spec = new() { Service = TestPolicies.DefaultService, Driver = TestPolicies.FakeDriver, Image = "/bin/true", Port = 8080 };

    [Fact]
    public void Create_ShellOnItsEndpoint_NicIsTheEndpointAddressSlash8WithoutGateway()
    {
        var shell = new FakeShell(Spec, DateTimeOffset.UnixEpoch);

        var page = DevicePageFactory.Create(new Guest(shell, new FakeGuestDriver(), DateTimeOffset.UnixEpoch), TestPolicies.Make());

        Assert.Equal(shell.Endpoint.Address, page.Nic!.Address);
        Assert.Equal(8, page.Nic.PrefixLength);
        Assert.Null(page.Nic.Gateway);
    }

    [Fact]
    public void Create_ShellBehindAForward_NicIsTheAddressAndGatewayTheShellGivesItsGuest()
    {
        var shell = new ForwardedShell(Spec);

        var page = DevicePageFactory.Create(new Guest(shell, new FakeGuestDriver(), DateTimeOffset.UnixEpoch), TestPolicies.Make());

        Assert.Equal(IPAddress.Parse("10.0.2.15"), page.Nic!.Address);
        Assert.Equal(24, page.Nic.PrefixLength);
        Assert.Equal(IPAddress.Parse("10.0.2.2"), page.Nic.Gateway);
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
