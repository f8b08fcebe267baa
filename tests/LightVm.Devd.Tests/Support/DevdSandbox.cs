using System.Security.Cryptography;

namespace LightVm.Devd.Tests.Support;

/// <summary>
/// Everything one test creates (namespace holders, bridges, veth host ends), torn down in
/// <see cref="DisposeAsync"/> whatever the test's outcome: holders first (their namespaces and guest ends
/// go with them), then host ends, then bridges.
/// </summary>
internal sealed class DevdSandbox : IAsyncDisposable
{
    private static int _nextSubnet = Random.Shared.Next(256);

    private readonly Lock _gate = new();
    private readonly List<NetnsHolder> _holders = [];
    private readonly List<string> _hostEnds = [];
    private readonly List<string> _bridges = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    /// <summary>Bounds every test.</summary>
    public CancellationToken Token => _timeout.Token;

    public async Task<NetnsHolder> NewNetnsAsync()
    {
        var holder = await NetnsHolder.StartAsync();
        lock (_gate)
        {
            _holders.Add(holder);
        }

        return holder;
    }

    public string NewBridgeName() => Track(_bridges, "lvt" + Hex(3));

    public string NewHostName() => Track(_hostEnds, "lv" + Hex(5));

    public static TestSubnet NewSubnet() => new(Interlocked.Increment(ref _nextSubnet) & 0xff);

    public async Task<TestNetwork> NewNetworkAsync(INicPlugger plugger)
    {
        var network = new TestNetwork(NewBridgeName(), NewSubnet());
        await plugger.EnsureBridgeAsync(network.Bridge, network.Subnet.BridgeAddress, TestSubnet.PrefixLength, Token);
        return network;
    }

    /// <summary>A request for guest <paramref name="n"/> of <paramref name="network"/>, in a fresh namespace.</summary>
    public async Task<(NicRequest Request, NetnsHolder Holder)> NewRequestAsync(TestNetwork network, int n = 1, bool gateway = true, bool isolated = true)
    {
        var holder = await NewNetnsAsync();
        var request = new NicRequest
        {
            HostName = NewHostName(),
            Mac = [0x02, 0x4c, 0x56, (byte)network.Subnet.Third, 0x00, (byte)n],
            Address = network.Subnet.Guest(n),
            PrefixLength = TestSubnet.PrefixLength,
            Gateway = gateway ? network.Subnet.BridgeAddress : null,
            Bridge = network.Bridge,
            NetnsPid = holder.Pid,
            Isolated = isolated,
        };
        return (request, holder);
    }

    public async ValueTask DisposeAsync()
    {
        NetnsHolder[] holders;
        string[] links;
        lock (_gate)
        {
            holders = [.. _holders];
            links = [.. _hostEnds, .. _bridges];
        }

        foreach (var holder in holders)
        {
            try
            {
                await holder.DisposeAsync();
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Keep cleaning: the holder exits by itself after its sleep anyway.
            }
        }

        // Host ends first, then bridges; a name that is already gone is simply not found.
        foreach (var link in links)
        {
            await Ip.DeleteLinkAsync(link);
        }

        _timeout.Dispose();
    }

    private string Track(List<string> list, string name)
    {
        lock (_gate)
        {
            list.Add(name);
        }

        return name;
    }

    private static string Hex(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();
}
