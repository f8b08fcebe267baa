using System.Net;
using LightVm.Devd.Network;

namespace LightVm.Devd.Tests.Network;

public sealed class GuestNetworkTests
{
    private static readonly Guid Id = Guid.Parse("0123456789abcdef0123456789abcdef");

    [Fact]
    public void Constructor_DefaultOptions_OneBridgeOneSubnetOneLoopbackRange()
    {
        var network = Create(new FakeNicPlugger());

        Assert.Equal(GuestNetworkOptions.DefaultBridge, network.Bridge);
        Assert.Equal("lvbr0", network.Bridge);
        Assert.Equal(IPAddress.Parse("10.77.0.1"), network.Gateway);
        Assert.Equal(16, network.PrefixLength);
        Assert.Equal("10.77.0.0/16", network.Addresses.Subnet);
        Assert.Equal("127.77.0.0/16", network.Loopback.Subnet);
        Assert.False(network.IsBridgeReady);
    }

    [Fact]
    public void Constructor_InvalidBridgeName_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(new FakeNicPlugger(), new GuestNetworkOptions { Bridge = "a-name-far-too-long" }));

        Assert.Contains("a-name-far-too-long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureBridgeAsync_ManyConcurrentCallers_CreatesTheBridgeOnce()
    {
        var nics = new FakeNicPlugger(bridgeDelay: TimeSpan.FromMilliseconds(50));
        var network = Create(nics, new GuestNetworkOptions { Bridge = "lvtest0", Subnet = "10.99.4.0/24" });

        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => network.EnsureBridgeAsync(CancellationToken.None))));
        await network.EnsureBridgeAsync(CancellationToken.None);

        Assert.Equal(1, nics.BridgeCalls);
        Assert.True(network.IsBridgeReady);
        Assert.Equal(("lvtest0", IPAddress.Parse("10.99.4.1"), (byte)24), nics.LastBridge);
    }

    [Fact]
    public async Task EnsureBridgeAsync_FirstAttemptFails_NextCallerTriesAgain()
    {
        var nics = new FakeNicPlugger(failures: 1);
        var network = Create(nics);

        await Assert.ThrowsAsync<InvalidOperationException>(() => network.EnsureBridgeAsync(CancellationToken.None));
        Assert.False(network.IsBridgeReady);
        await network.EnsureBridgeAsync(CancellationToken.None);

        Assert.Equal(2, nics.BridgeCalls);
        Assert.True(network.IsBridgeReady);
    }

    [Fact]
    public async Task EnsureBridgeAsync_Cancelled_ThrowsAndLeavesTheBridgeNotReady()
    {
        var network = Create(new FakeNicPlugger(bridgeDelay: TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => network.EnsureBridgeAsync(cancel.Token));

        Assert.False(network.IsBridgeReady);
    }

    [Theory]
    [InlineData(GuestNicKind.Veth, "lv0123456789")]
    [InlineData(GuestNicKind.UmlTap, "lu0123456789")]
    [InlineData(GuestNicKind.QemuTap, "lq0123456789")]
    public void NicName_EachKind_PrefixAndTheIdsFirstTenHexDigits(GuestNicKind kind, string expected)
    {
        var name = GuestNetwork.NicName(kind, Id);

        Assert.Equal(expected, name);
        Assert.True(name.Length <= 15, "a Linux interface name has at most 15 bytes");
    }

    [Fact]
    public void NicName_UnknownKind_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GuestNetwork.NicName((GuestNicKind)42, Id));
    }

    [Fact]
    public async Task PlugVethAsync_Guest_AsksDevdForItsVethOnTheBridgeWithTheGatewayAndVethMac()
    {
        var nics = new FakeNicPlugger();
        var network = Create(nics, new GuestNetworkOptions { Bridge = "lvtest1", Subnet = "10.99.5.0/24" });
        var address = network.Addresses.Rent();

        var nic = await network.PlugVethAsync(Id, address, netnsPid: 4242, isolated: false, CancellationToken.None);
        await network.UnplugAsync(nic, CancellationToken.None);

        var request = Assert.Single(nics.Plugged);
        Assert.Equal("lv0123456789", request.HostName);
        Assert.Equal(GuestMac.Veth(Id), request.Mac);
        Assert.Equal(address, request.Address);
        Assert.Equal(24, request.PrefixLength);
        Assert.Equal(IPAddress.Parse("10.99.5.1"), request.Gateway);
        Assert.Equal("lvtest1", request.Bridge);
        Assert.Equal(4242, request.NetnsPid);
        Assert.False(request.Isolated);
        Assert.Equal(nic, Assert.Single(nics.Unplugged));
    }

    [Fact]
    public void Leases_RentedAndReturned_PoolsAreEmptyAgain()
    {
        var network = Create(new FakeNicPlugger());

        var bridgeAddress = network.Addresses.Rent();
        var loopback = network.Loopback.Rent(port: 0);
        Assert.Equal(1, network.Addresses.InUse);
        Assert.Equal(1, network.Loopback.InUse);
        network.Addresses.Return(bridgeAddress);
        network.Loopback.Return(loopback);

        Assert.Equal(0, network.Addresses.InUse);
        Assert.Equal(0, network.Loopback.InUse);
    }

    [Fact]
    public void Leases_TwoNetworks_DoNotShareAPool()
    {
        var one = Create(new FakeNicPlugger());
        var two = Create(new FakeNicPlugger());

        one.Loopback.Rent(port: 0);

        Assert.Equal(1, one.Loopback.InUse);
        Assert.Equal(0, two.Loopback.InUse);
    }

    private static GuestNetwork Create(FakeNicPlugger nics, GuestNetworkOptions? options = null) =>
        new(options ?? new GuestNetworkOptions(), nics, new TapPlugger());
}
