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

    private async Task<RtnlClient> OpenInsideAsync()
    {
        var holder = await _sandbox.NewNetnsAsync();
        using var netns = NetworkNamespace.Open(holder.NetnsPath, "open " + holder.NetnsPath);
        return await NetworkNamespace.RunInsideAsync(netns, holder.NetnsPath, () => RtnlClient.Open("in the test netns"));
    }
}
