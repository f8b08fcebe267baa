using LightVm.Devd.Tests.Support;

namespace LightVm.Devd.Tests;

/// <summary>The `ip`-command baseline does the same job as the netlink plugger (it is only used by the benchmark).</summary>
public sealed class IpCommandNicPluggerTests : IAsyncLifetime
{
    private readonly DevdSandbox _sandbox = new();
    private readonly IpCommandNicPlugger _plugger = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [RootFact]
    public async Task PlugAsync_FreshNetns_GuestConfiguredAttachedReachableThenUnplugged()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        await _plugger.EnsureBridgeAsync(network.Bridge, network.Subnet.BridgeAddress, TestSubnet.PrefixLength, _sandbox.Token);
        var (request, holder) = await _sandbox.NewRequestAsync(network);

        var nic = await _plugger.PlugAsync(request, _sandbox.Token);

        await PluggedAssert.AllAsync(request, holder.NetnsPath);
        using (var listener = await NetnsSockets.ListenAsync(holder.NetnsPath, request.Address))
        {
            Assert.True(await NetnsSockets.TryExchangeAsync(listener, request.Address, NetnsSockets.NewHostClientAsync));
        }

        await _plugger.UnplugAsync(nic, _sandbox.Token);
        await PluggedAssert.NoHostEndAsync(request.HostName);
    }

    [RootFact]
    public async Task PlugAsync_Isolated_HostEndIsAnIsolatedBridgePortAndUp()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (request, holder) = await _sandbox.NewRequestAsync(network, isolated: true);

        var nic = await _plugger.PlugAsync(request, _sandbox.Token);

        Assert.True(nic.Isolated);
        await PluggedAssert.PortIsolatedAsync(request.HostName, expected: true);
        await PluggedAssert.AllAsync(request, holder.NetnsPath);
    }

    [RootFact]
    public async Task PlugAsync_NotIsolated_HostEndIsAPlainBridgePortAndUp()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (request, holder) = await _sandbox.NewRequestAsync(network, isolated: false);

        var nic = await _plugger.PlugAsync(request, _sandbox.Token);

        Assert.False(nic.Isolated);
        await PluggedAssert.PortIsolatedAsync(request.HostName, expected: false);
        await PluggedAssert.AllAsync(request, holder.NetnsPath);
    }

    [RootFact]
    public async Task PlugAsync_BridgeToolFails_ThrowsNamingTheCommandAndLeavesNoVeth()
    {
        var failing = new IpCommandNicPlugger("ip", "nsenter", "false", TimeSpan.FromSeconds(10));
        var network = await _sandbox.NewNetworkAsync(failing);
        var (request, holder) = await _sandbox.NewRequestAsync(network, isolated: true);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.PlugAsync(request, _sandbox.Token));

        Assert.Contains($"false link set dev {request.HostName} isolated on", error.Message);
        await PluggedAssert.NoHostEndAsync(request.HostName);
        Assert.Null(await Ip.LinkAsync(request.GuestName, holder.NetnsPath));
    }
}
