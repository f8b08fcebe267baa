using System.Net;
using LightVm.Devd.Netlink;

namespace LightVm.Devd;

/// <summary>
/// A permanent neighbour entry on the bridge for a VM guest's address, set before the guest configures its NIC.
/// Without it the host's first packet to a guest that has not taken its address yet starts ARP, and the
/// connection waits for ARP's next retry (one second) even when the guest answers a few milliseconds later;
/// permanent entries also stay out of the neighbour table's garbage-collection limit (gc_thresh3). Disposing it
/// removes the entry (the address goes back to the pool).
/// </summary>
public sealed class PinnedNeighbour : IDisposable
{
    private const string HostWhere = "in the host netns";
    private int _disposed;

    private PinnedNeighbour(string bridge, IPAddress address)
    {
        Bridge = bridge;
        Address = address;
    }

    public string Bridge { get; }

    public IPAddress Address { get; }

    /// <summary>Sets <paramref name="address"/> → <paramref name="mac"/> on <paramref name="bridge"/> (replacing any entry).</summary>
    public static PinnedNeighbour Pin(string bridge, IPAddress address, ReadOnlySpan<byte> mac)
    {
        ArgumentNullException.ThrowIfNull(address);
        InterfaceName.Validate(bridge, "bridge", nameof(PinnedNeighbour));
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || mac.Length != 6)
        {
            throw new ArgumentException($"Devd: a pinned neighbour needs an IPv4 address and a 6-byte MAC (got {address}, {mac.Length} bytes).");
        }

        using var host = RtnlClient.Open(HostWhere);
        var link = host.GetLink(bridge);
        host.ReplacePermanentNeighbour(link.Index, bridge, address, mac);
        return new PinnedNeighbour(bridge, address);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var host = RtnlClient.Open(HostWhere);
            if (host.TryGetLink(Bridge) is { } link)
            {
                host.DeleteNeighbour(link.Index, Bridge, Address);
            }
        }
        catch (NetlinkException)
        {
            // The bridge or the entry went away meanwhile: nothing is left to remove.
        }
    }
}
