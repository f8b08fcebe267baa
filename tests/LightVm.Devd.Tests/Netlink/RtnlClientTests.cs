using System.Net;
using LightVm.Devd.Netlink;
using LightVm.Devd.Tests.Support;

namespace LightVm.Devd.Tests.Netlink;

/// <summary>The request layer against the real kernel, inside a namespace of the test's own.</summary>
public sealed class RtnlClientTests : IAsyncLifetime
{
    private readonly DevdSandbox _sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [RootFact]
    public async Task TryGetLink_Missing_ReturnsNull()
    {
        using var client = await OpenInsideAsync();

        Assert.Null(client.TryGetLink("nosuch0"));
    }

    [RootFact]
    public async Task TryGetLink_Loopback_ParsesIndexNameAndFlags()
    {
        using var client = await OpenInsideAsync();

        var lo = client.GetLink("lo");

        Assert.Equal(1, lo.Index);
        Assert.Equal("lo", lo.Name);
        Assert.False(lo.IsUp);
        Assert.Equal(new byte[6], lo.Mac);
    }

    [RootFact]
    public async Task GetIPv4Addresses_AfterAddAddress_ReadsItBack()
    {
        using var client = await OpenInsideAsync();
        client.SetLinkUp(0, "lo");

        client.AddAddress(1, "lo", IPAddress.Parse("10.213.0.9"), 24);

        var addresses = client.GetIPv4Addresses(1);
        Assert.Contains(new AddressInfo(1, IPAddress.Parse("10.213.0.9"), 24), addresses);
        Assert.Contains(new AddressInfo(1, IPAddress.Loopback, 8), addresses);
        Assert.True(client.GetLink("lo").IsUp);
    }

    [RootFact]
    public async Task AddDefaultRoute_GatewayNotOnLink_ThrowsNamingOperationWithKernelMessage()
    {
        using var client = await OpenInsideAsync();
        client.SetLinkUp(0, "lo");

        var error = Assert.Throws<NetlinkException>(() => client.AddDefaultRoute(1, "lo", IPAddress.Parse("10.213.7.1")));

        Assert.Contains("add default route via 10.213.7.1 dev lo", error.Message);
        Assert.Equal("add default route via 10.213.7.1 dev lo in the test netns", error.Operation);
        Assert.False(string.IsNullOrEmpty(error.KernelMessage), "expected the kernel's extended ack text");
        Assert.Contains(error.KernelMessage!, error.Message);
    }

    [RootFact]
    public async Task DeleteLink_Missing_ReturnsFalse()
    {
        using var client = await OpenInsideAsync();

        Assert.False(client.DeleteLink(4242, "nosuch0"));
    }

    [RootFact]
    public async Task SetBridgePortIsolated_On_LinkReportsThePortIsolated()
    {
        var holder = await _sandbox.NewNetnsAsync();
        using var client = await OpenInsideAsync(holder);
        var port = PortOnBridge(client, holder);

        client.SetBridgePortIsolated(port.Index, port.Name, isolated: true);

        Assert.True(client.GetLink(port.Name).PortIsolated);
        var shown = await Ip.BridgePortAsync(port.Name, holder.NetnsPath);
        Assert.True(shown.HasValue);
        Assert.True(shown.Value.GetProperty("isolated").GetBoolean(), $"`bridge -j -d link` does not show {port.Name} isolated: {shown}");
    }

    [RootFact]
    public async Task SetBridgePortIsolated_OnThenOff_LinkReportsThePortNotIsolated()
    {
        var holder = await _sandbox.NewNetnsAsync();
        using var client = await OpenInsideAsync(holder);
        var port = PortOnBridge(client, holder);
        client.SetBridgePortIsolated(port.Index, port.Name, isolated: true);

        client.SetBridgePortIsolated(port.Index, port.Name, isolated: false);

        Assert.False(client.GetLink(port.Name).PortIsolated);
        var shown = await Ip.BridgePortAsync(port.Name, holder.NetnsPath);
        Assert.True(shown.HasValue);
        Assert.False(shown.Value.GetProperty("isolated").GetBoolean());
    }

    [RootFact]
    public async Task SetBridgePortIsolated_NotABridgePort_ThrowsNamingOperation()
    {
        var holder = await _sandbox.NewNetnsAsync();
        using var client = await OpenInsideAsync(holder);
        using var netns = NetworkNamespace.Open(holder.NetnsPath, "open " + holder.NetnsPath);
        client.CreateVeth("port0", "peer0", [0x02, 0, 0, 0, 0, 2], netns, "in the test netns");
        var veth = client.GetLink("port0");

        var error = Assert.Throws<NetlinkException>(() => client.SetBridgePortIsolated(veth.Index, "port0", isolated: true));

        Assert.Equal("set bridge port flag isolated on on port0 in the test netns", error.Operation);
        Assert.Null(veth.PortIsolated);
    }

    /// <summary>A bridge "br0" with a veth end "port0" attached (down), all inside the holder's namespace.</summary>
    private static LinkInfo PortOnBridge(RtnlClient client, NetnsHolder holder)
    {
        using var netns = NetworkNamespace.Open(holder.NetnsPath, "open " + holder.NetnsPath);
        client.CreateBridge("br0", [0x02, 0, 0, 0, 0, 1]);
        client.CreateVeth("port0", "peer0", [0x02, 0, 0, 0, 0, 2], netns, "in the test netns");
        var bridge = client.GetLink("br0");
        client.AttachToBridge(0, "port0", bridge.Index, "br0");
        var port = client.GetLink("port0");
        Assert.Equal(bridge.Index, port.MasterIndex);
        Assert.False(port.PortIsolated);
        return port;
    }

    private async Task<RtnlClient> OpenInsideAsync() => await OpenInsideAsync(await _sandbox.NewNetnsAsync());

    private static async Task<RtnlClient> OpenInsideAsync(NetnsHolder holder)
    {
        using var netns = NetworkNamespace.Open(holder.NetnsPath, "open " + holder.NetnsPath);
        return await NetworkNamespace.RunInsideAsync(netns, holder.NetnsPath, () => RtnlClient.Open("in the test netns"));
    }
}
