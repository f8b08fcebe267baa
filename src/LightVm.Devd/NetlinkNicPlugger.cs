using System.Net;
using LightVm.Devd.Netlink;

namespace LightVm.Devd;

/// <summary>
/// The real plugger: rtnetlink requests built by hand, no `ip` process on the request path.
/// Thread-safe: every call opens its own netlink sockets (one in the host namespace, one in the guest's).
/// </summary>
public sealed class NetlinkNicPlugger : INicPlugger
{
    private const string HostWhere = "in the host netns";

    public async Task<PluggedNic> PlugAsync(NicRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        ct.ThrowIfCancellationRequested();

        var where = request.NetnsDescription;
        using var netns = NetworkNamespace.Open(
            request.ResolvedNetnsPath,
            $"plug {request.HostName}: open the target network namespace {request.ResolvedNetnsPath}"
                + (request.NetnsPid > 0 ? $" (is pid {request.NetnsPid} still alive?)" : string.Empty));
        EnsureNotOwnNamespace(netns, request, where);

        using var host = RtnlClient.Open(HostWhere);
        var bridge = host.TryGetLink(request.Bridge)
            ?? throw new InvalidOperationException($"Devd: cannot plug {request.HostName}: bridge '{request.Bridge}' does not exist {HostWhere} (call EnsureBridgeAsync first).");
        if (bridge.Kind != "bridge")
        {
            throw new InvalidOperationException($"Devd: cannot plug {request.HostName}: '{request.Bridge}' is a {bridge.Kind ?? "plain"} link, not a bridge.");
        }

        // A netlink socket stays in the namespace it was created in: create it on a thread that entered the guest's.
        using var guest = await NetworkNamespace.RunInsideAsync(netns, request.ResolvedNetnsPath, () => RtnlClient.Open(where)).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();

        host.CreateVeth(request.HostName, request.GuestName, request.Mac, netns, where);
        try
        {
            guest.SetLinkUp(0, "lo");
            ct.ThrowIfCancellationRequested();
            var nic = guest.GetLink(request.GuestName);
            guest.AddAddress(nic.Index, request.GuestName, request.Address, request.PrefixLength);
            guest.SetLinkUp(nic.Index, request.GuestName);
            if (request.Gateway is { } gateway)
            {
                guest.AddDefaultRoute(nic.Index, request.GuestName, gateway);
            }

            ct.ThrowIfCancellationRequested();
            if (request.Isolated)
            {
                AttachIsolatedAndBringUp(host, request, bridge.Index);
            }
            else
            {
                host.SetLinkUp(0, request.HostName, bridge.Index, request.Bridge);
            }
        }
        catch
        {
            // The guest end goes with the host end; leave nothing half-plugged.
            TryDelete(host, request.HostName);
            throw;
        }

        return new PluggedNic(request.HostName, request.GuestName, request.Bridge, request.Address, request.Isolated);
    }

    public Task UnplugAsync(PluggedNic nic, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nic);
        InterfaceName.Validate(nic.HostName, "PluggedNic.HostName", nameof(nic));
        ct.ThrowIfCancellationRequested();

        using var host = RtnlClient.Open(HostWhere);
        var link = host.TryGetLink(nic.HostName);
        if (link is null)
        {
            return Task.CompletedTask; // already gone (e.g. its namespace died and took the pair with it)
        }

        if (link.Kind != "veth")
        {
            throw new InvalidOperationException($"Devd: refusing to unplug '{nic.HostName}': it is a {link.Kind ?? "plain"} link, not the host end of a veth pair.");
        }

        host.DeleteLink(link.Index, nic.HostName);
        return Task.CompletedTask;
    }

    public Task EnsureBridgeAsync(string bridge, IPAddress hostAddress, byte prefixLength, CancellationToken ct)
    {
        InterfaceName.Validate(bridge, "Bridge name", nameof(bridge));
        ArgumentNullException.ThrowIfNull(hostAddress);
        if (!Ipv4.IsIPv4(hostAddress))
        {
            throw new ArgumentException($"Bridge address '{hostAddress}' is not an IPv4 address; Devd only handles IPv4 for now.", nameof(hostAddress));
        }

        if (prefixLength is < 1 or > 32)
        {
            throw new ArgumentException($"Bridge prefix length {prefixLength} is outside 1-32.", nameof(prefixLength));
        }

        ct.ThrowIfCancellationRequested();
        using var host = RtnlClient.Open(HostWhere);
        var link = host.TryGetLink(bridge);
        if (link is null)
        {
            try
            {
                // A fixed MAC keeps the bridge's address stable as ports come and go.
                host.CreateBridge(bridge, MacAddresses.NewLocallyAdministered());
            }
            catch (NetlinkException e) when (e.ErrorNumber == Errno.EEXIST)
            {
                // Created concurrently: fine.
            }

            link = host.GetLink(bridge);
        }

        if (link.Kind != "bridge")
        {
            throw new InvalidOperationException($"Devd: '{bridge}' exists but is a {link.Kind ?? "plain"} link, not a bridge.");
        }

        var addresses = host.GetIPv4Addresses(link.Index);
        var same = addresses.FirstOrDefault(a => a.Local.Equals(hostAddress));
        if (same is not null && same.PrefixLength != prefixLength)
        {
            throw new InvalidOperationException($"Devd: bridge '{bridge}' already has {same.Local}/{same.PrefixLength}, not /{prefixLength}.");
        }

        if (same is null)
        {
            try
            {
                host.AddAddress(link.Index, bridge, hostAddress, prefixLength);
            }
            catch (NetlinkException e) when (e.ErrorNumber == Errno.EEXIST)
            {
                // Added concurrently: fine.
            }
        }

        if (!link.IsUp)
        {
            host.SetLinkUp(link.Index, bridge);
        }

        return Task.CompletedTask;
    }

    private static void EnsureNotOwnNamespace(FileDescriptor netns, NicRequest request, string where)
    {
        var target = NetworkNamespace.Identify(netns, $"plug {request.HostName}: stat {request.ResolvedNetnsPath}");
        if (target == NetworkNamespace.Current())
        {
            throw new ArgumentException(
                $"NicRequest targets the caller's own network namespace ({where}); refusing to configure the host's namespace as a guest's.",
                nameof(request));
        }
    }

    /// <summary>
    /// Attaches the host end while it is still down (a disabled port forwards nothing), marks the port isolated,
    /// checks that the kernel really applied the flag (kernels before 4.18 ignore the attribute silently), and
    /// only then brings it up: the guest is never reachable from its neighbours, not even briefly.
    /// </summary>
    private static void AttachIsolatedAndBringUp(RtnlClient host, NicRequest request, int bridgeIndex)
    {
        host.AttachToBridge(0, request.HostName, bridgeIndex, request.Bridge);
        var port = host.GetLink(request.HostName);
        host.SetBridgePortIsolated(port.Index, request.HostName, isolated: true);
        if (host.GetLink(request.HostName).PortIsolated != true)
        {
            throw new NetlinkException(
                $"Devd: cannot plug {request.HostName} isolated: the kernel accepted the bridge port flag \"isolated\" on it but does not report it set "
                + $"(needs Linux >= 4.18); refusing to plug a guest that could reach the other guests on {request.Bridge}. Set NicRequest.Isolated = false to plug it anyway.");
        }

        host.SetLinkUp(port.Index, request.HostName);
    }

    private static void TryDelete(RtnlClient host, string hostName)
    {
        try
        {
            if (host.TryGetLink(hostName) is { Kind: "veth" } link)
            {
                host.DeleteLink(link.Index, hostName);
            }
        }
        catch (NetlinkException)
        {
            // Best effort; the original failure is what the caller needs to see.
        }
    }
}
