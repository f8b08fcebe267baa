using System.Net;

namespace LightVm.Devd;

/// <summary>
/// One guest NIC to plug: a veth pair whose host end joins <see cref="Bridge"/> and whose guest end lives,
/// configured, in the network namespace of <see cref="NetnsPid"/> (or at <see cref="NetnsPath"/>).
/// </summary>
public sealed class NicRequest
{
    /// <summary>Host end of the veth pair, e.g. "lv" + 10 hex characters (at most 15 characters).</summary>
    public required string HostName { get; init; }

    /// <summary>Name of the guest end inside the guest's namespace.</summary>
    public string GuestName { get; init; } = "eth0";

    /// <summary>The guest end's MAC: 6 bytes, unicast.</summary>
    public required byte[] Mac { get; init; }

    /// <summary>The guest's IPv4 address.</summary>
    public required IPAddress Address { get; init; }

    public required byte PrefixLength { get; init; }

    /// <summary>If set, the guest gets a default route via this address (usually the bridge's).</summary>
    public IPAddress? Gateway { get; init; }

    /// <summary>The bridge the host end is attached to, e.g. "lvbr0". It must exist (<see cref="INicPlugger.EnsureBridgeAsync"/>).</summary>
    public required string Bridge { get; init; }

    /// <summary>
    /// Isolate the guest from the other guests on <see cref="Bridge"/> (default): the host end becomes an
    /// "isolated" bridge port (Linux &gt;= 4.18), which forwards only to the bridge itself (the host) and to
    /// non-isolated ports, never to another isolated port. Set to false only for guests that must reach their
    /// neighbours on the same bridge directly.
    /// </summary>
    public bool Isolated { get; init; } = true;

    /// <summary>A process whose network namespace (/proc/&lt;pid&gt;/ns/net) receives the guest end. 0 = not set; then <see cref="NetnsPath"/> is used.</summary>
    public int NetnsPid { get; init; }

    /// <summary>Alternatively, a network-namespace file such as /proc/&lt;pid&gt;/ns/net or /run/netns/x. Set exactly one of this and <see cref="NetnsPid"/>.</summary>
    public string? NetnsPath { get; init; }

    /// <summary>The namespace file to open.</summary>
    internal string ResolvedNetnsPath => NetnsPid > 0 ? $"/proc/{NetnsPid}/ns/net" : NetnsPath!;

    /// <summary>For messages: "netns of pid 42 (/proc/42/ns/net)" or "netns /run/netns/x".</summary>
    internal string NetnsDescription => NetnsPid > 0 ? $"in the netns of pid {NetnsPid} ({ResolvedNetnsPath})" : $"in netns {NetnsPath}";

    /// <summary>Throws an <see cref="ArgumentException"/> that says exactly what is wrong.</summary>
    internal void Validate()
    {
        const string Param = "request";
        InterfaceName.Validate(HostName, "NicRequest.HostName", Param);
        InterfaceName.Validate(GuestName, "NicRequest.GuestName", Param);
        InterfaceName.Validate(Bridge, "NicRequest.Bridge", Param);
        if (HostName == Bridge)
        {
            throw new ArgumentException($"NicRequest.HostName and NicRequest.Bridge are both '{HostName}'.", Param);
        }

        if (Mac is null || Mac.Length != MacAddresses.Length)
        {
            throw new ArgumentException($"NicRequest.Mac must be {MacAddresses.Length} bytes, got {Mac?.Length.ToString() ?? "null"}.", Param);
        }

        if ((Mac[0] & 0x01) != 0 || Mac.All(b => b == 0))
        {
            throw new ArgumentException($"NicRequest.Mac {MacAddresses.Format(Mac)} is not a unicast address (multicast bit set or all zeros).", Param);
        }

        if (Address is null || !Ipv4.IsIPv4(Address))
        {
            throw new ArgumentException($"NicRequest.Address '{Address}' is not an IPv4 address; Devd only plugs IPv4 for now.", Param);
        }

        if (PrefixLength is < 1 or > 32)
        {
            throw new ArgumentException($"NicRequest.PrefixLength {PrefixLength} is outside 1-32.", Param);
        }

        if (Gateway is not null)
        {
            if (!Ipv4.IsIPv4(Gateway))
            {
                throw new ArgumentException($"NicRequest.Gateway '{Gateway}' is not an IPv4 address; Devd only plugs IPv4 for now.", Param);
            }

            if (Gateway.Equals(Address) || !Ipv4.SameSubnet(Gateway, Address, PrefixLength))
            {
                throw new ArgumentException($"NicRequest.Gateway {Gateway} must be another address in {Address}/{PrefixLength}'s subnet.", Param);
            }
        }

        var hasPath = !string.IsNullOrEmpty(NetnsPath);
        if (NetnsPid < 0)
        {
            throw new ArgumentException($"NicRequest.NetnsPid {NetnsPid} is not a process id.", Param);
        }

        if ((NetnsPid > 0) == hasPath)
        {
            throw new ArgumentException(
                hasPath
                    ? $"Set only one of NicRequest.NetnsPid ({NetnsPid}) and NicRequest.NetnsPath ('{NetnsPath}')."
                    : "Set NicRequest.NetnsPid (a process in the target network namespace) or NicRequest.NetnsPath (e.g. /run/netns/x).",
                Param);
        }

        if (hasPath && !NetnsPath!.StartsWith('/'))
        {
            throw new ArgumentException($"NicRequest.NetnsPath '{NetnsPath}' must be an absolute path such as /proc/<pid>/ns/net or /run/netns/<name>.", Param);
        }
    }
}
