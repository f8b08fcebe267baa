using System.Net;

namespace LightVm.Devd.Tests.Network;

/// <summary>An <see cref="INicPlugger"/> that records what it was asked, and can be slow or fail at making the bridge.</summary>
internal sealed class FakeNicPlugger : INicPlugger
{
    private int _bridgeCalls;
    private int _failuresLeft;

    public FakeNicPlugger(TimeSpan bridgeDelay = default, int failures = 0)
    {
        BridgeDelay = bridgeDelay;
        _failuresLeft = failures;
    }

    public TimeSpan BridgeDelay { get; }

    public int BridgeCalls => Volatile.Read(ref _bridgeCalls);

    public (string Bridge, IPAddress Address, byte PrefixLength)? LastBridge { get; private set; }

    public List<NicRequest> Plugged { get; } = [];

    public List<PluggedNic> Unplugged { get; } = [];

    public async Task EnsureBridgeAsync(string bridge, IPAddress hostAddress, byte prefixLength, CancellationToken ct)
    {
        Interlocked.Increment(ref _bridgeCalls);
        await Task.Delay(BridgeDelay, ct);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new InvalidOperationException("bridge creation failed (fake)");
        }

        LastBridge = (bridge, hostAddress, prefixLength);
    }

    public Task<PluggedNic> PlugAsync(NicRequest request, CancellationToken ct)
    {
        Plugged.Add(request);
        return Task.FromResult(new PluggedNic(request.HostName, request.GuestName, request.Bridge, request.Address, request.Isolated));
    }

    public Task UnplugAsync(PluggedNic nic, CancellationToken ct)
    {
        Unplugged.Add(nic);
        return Task.CompletedTask;
    }
}
