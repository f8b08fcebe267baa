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
}
