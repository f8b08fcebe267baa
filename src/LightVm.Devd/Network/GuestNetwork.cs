using System.Net;

namespace LightVm.Devd.Network;

/// <summary>
/// The host's one guest network, shared by every driver: the bridge (created once, on first use), the bridge
/// subnet's address leases, the loopback leases of guests without a NIC, and the plugging of guest NICs (veths
/// for containers, taps for VMs) and of their pinned neighbour entries. One instance per host (from DI).
/// </summary>
public sealed class GuestNetwork
{
    private const int NameIdLength = 10;
    private readonly INicPlugger _nics;
    private readonly TapPlugger _taps;
    private readonly SemaphoreSlim _bridgeGate = new(1, 1);
    private bool _bridgeReady;

    public GuestNetwork(GuestNetworkOptions options, INicPlugger nics, TapPlugger taps)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(nics);
        ArgumentNullException.ThrowIfNull(taps);
        InterfaceName.Validate(options.Bridge, "GuestNetworkOptions.Bridge", nameof(options));
        Bridge = options.Bridge;
        Addresses = SubnetAddressPool.Parse(options.Subnet);
        Loopback = new LoopbackAddressPool(options.LoopbackSubnet);
        _nics = nics;
        _taps = taps;
    }

    /// <summary>The bridge every guest NIC joins.</summary>
    public string Bridge { get; }

    /// <summary>Guest addresses on the bridge (the bridge's own is <see cref="SubnetAddressPool.Gateway"/>).</summary>
    public SubnetAddressPool Addresses { get; }

    /// <summary>Host addresses of guests without a NIC of their own.</summary>
    public LoopbackAddressPool Loopback { get; }

    /// <summary>The bridge's address: the guests' gateway.</summary>
    public IPAddress Gateway => Addresses.Gateway;

    public byte PrefixLength => Addresses.PrefixLength;

    /// <summary>True once <see cref="EnsureBridgeAsync"/> has made sure the bridge is there.</summary>
    public bool IsBridgeReady => Volatile.Read(ref _bridgeReady);

    /// <summary>The host-side name of guest <paramref name="guestId"/>'s NIC of <paramref name="kind"/>: a prefix and the id's first hex digits.</summary>
    public static string NicName(GuestNicKind kind, Guid guestId)
    {
        var prefix = kind switch
        {
            GuestNicKind.Veth => "lv",
            GuestNicKind.UmlTap => "lu",
            GuestNicKind.QemuTap => "lq",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of guest NIC."),
        };
        return prefix + guestId.ToString("N")[..NameIdLength];
    }

    /// <summary>
    /// Creates the bridge with the gateway address if it is missing, once: concurrent callers wait for the one
    /// creation; after a failure the next caller tries again.
    /// </summary>
    public async Task EnsureBridgeAsync(CancellationToken cancellationToken)
    {
        if (IsBridgeReady)
        {
            return;
        }

        await _bridgeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_bridgeReady)
            {
                await _nics.EnsureBridgeAsync(Bridge, Gateway, PrefixLength, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _bridgeReady, true);
            }
        }
        finally
        {
            _bridgeGate.Release();
        }
    }

    /// <summary>Plugs a container's veth: <paramref name="address"/> on the bridge subnet, inside the namespace of <paramref name="netnsPid"/>.</summary>
    public Task<PluggedNic> PlugVethAsync(Guid guestId, IPAddress address, int netnsPid, bool isolated, CancellationToken cancellationToken) =>
        _nics.PlugAsync(
            new NicRequest
            {
                HostName = NicName(GuestNicKind.Veth, guestId),
                Mac = GuestMac.Veth(guestId),
                Address = address,
                PrefixLength = PrefixLength,
                Gateway = Gateway,
                Bridge = Bridge,
                NetnsPid = netnsPid,
                Isolated = isolated,
            },
            cancellationToken);

    public Task UnplugAsync(PluggedNic nic, CancellationToken cancellationToken) => _nics.UnplugAsync(nic, cancellationToken);

    /// <summary>Opens a VM guest's tap on the bridge; the caller hands its descriptor to the VM.</summary>
    public PluggedTap PlugTap(GuestNicKind kind, Guid guestId, bool isolated) =>
        _taps.Plug(new TapRequest { Name = NicName(kind, guestId), Bridge = Bridge, Isolated = isolated });

    /// <summary>Pins the bridge's neighbour entry for <paramref name="address"/> to the MAC the guest's page gives it (<see cref="GuestMac.For"/>).</summary>
    public PinnedNeighbour PinGuestMac(Guid guestId, IPAddress address) =>
        PinnedNeighbour.Pin(Bridge, address, GuestMac.For(guestId));
}
