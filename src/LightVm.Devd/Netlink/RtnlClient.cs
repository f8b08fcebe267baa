using System.Net;

namespace LightVm.Devd.Netlink;

/// <summary>
/// The rtnetlink requests Devd makes, over one <see cref="NetlinkSocket"/> (so in one network namespace).
/// Every failure names the operation and the namespace it ran in.
/// </summary>
internal sealed class RtnlClient : IDisposable
{
    private readonly NetlinkSocket _socket;

    private RtnlClient(NetlinkSocket socket, string where)
    {
        _socket = socket;
        Where = where;
    }

    /// <summary>Human-readable namespace, e.g. "in the host netns" or "in netns /proc/42/ns/net".</summary>
    public string Where { get; }

    /// <summary>Opens a client in the calling thread's network namespace.</summary>
    public static RtnlClient Open(string where) => new(NetlinkSocket.Open(), where);

    public LinkInfo? TryGetLink(string name)
    {
        var request = NewRequest(Rtnl.RtmGetLink, 0);
        request.WriteIfInfoMsg(Rtnl.AfUnspec, 0, 0, 0);
        request.AddString(Rtnl.IflaIfName, name);
        try
        {
            var replies = _socket.Transact(request, $"look up link {name} {Where}");
            return replies.Count == 0 ? null : LinkInfo.Parse(replies[0]);
        }
        catch (NetlinkException e) when (e.ErrorNumber == Errno.ENODEV)
        {
            return null;
        }
    }

    public LinkInfo GetLink(string name) =>
        TryGetLink(name) ?? throw new NetlinkException($"look up link {name} {Where}", Errno.ENODEV);

    /// <summary>
    /// One RTM_NEWLINK creating the pair: the host end here, the peer created directly inside the namespace
    /// <paramref name="peerNetns"/> under its final name with its MAC (atomic: no half-moved peer to clean up).
    /// </summary>
    public void CreateVeth(string hostName, string peerName, ReadOnlySpan<byte> peerMac, FileDescriptor peerNetns, string peerWhere)
    {
        var request = NewRequest(Rtnl.RtmNewLink, Rtnl.NlmFCreate | Rtnl.NlmFExcl);
        request.WriteIfInfoMsg(Rtnl.AfUnspec, 0, 0, 0);
        request.AddString(Rtnl.IflaIfName, hostName);
        var linkInfo = request.BeginNested(Rtnl.IflaLinkInfo);
        request.AddString(Rtnl.IflaInfoKind, "veth");
        var data = request.BeginNested(Rtnl.IflaInfoData);
        var peer = request.BeginNested(Rtnl.VethInfoPeer);
        request.WriteIfInfoMsg(Rtnl.AfUnspec, 0, 0, 0);
        request.AddString(Rtnl.IflaIfName, peerName);
        request.AddAttribute(Rtnl.IflaAddress, peerMac);
        request.AddInt32(Rtnl.IflaNetNsFd, peerNetns.Number);
        request.EndNested(peer);
        request.EndNested(data);
        request.EndNested(linkInfo);
        try
        {
            _socket.Transact(request, $"create veth pair {hostName} {Where} / {peerName} (MAC {MacAddresses.Format(peerMac)}) {peerWhere}");
        }
        catch (NetlinkException e) when (e.ErrorNumber == Errno.EEXIST)
        {
            // Say which end's name is taken: the kernel's answer is the same for both.
            var reason = TryGetLink(hostName) is not null ? $"{hostName} is already taken {Where}" : $"{peerName} is already taken {peerWhere}";
            throw new NetlinkException($"create veth pair {hostName} / {peerName} ({reason})", e.ErrorNumber, e.KernelMessage);
        }
    }

    public void CreateBridge(string name, ReadOnlySpan<byte> mac)
    {
        var request = NewRequest(Rtnl.RtmNewLink, Rtnl.NlmFCreate | Rtnl.NlmFExcl);
        request.WriteIfInfoMsg(Rtnl.AfUnspec, 0, 0, 0);
        request.AddString(Rtnl.IflaIfName, name);
        request.AddAttribute(Rtnl.IflaAddress, mac);
        var linkInfo = request.BeginNested(Rtnl.IflaLinkInfo);
        request.AddString(Rtnl.IflaInfoKind, "bridge");
        request.EndNested(linkInfo);
        _socket.Transact(request, $"create bridge {name} {Where}");
    }

    /// <summary>Sets IFF_UP on a link (by index, or by name when index is 0), optionally enslaving it to a master.</summary>
    public void SetLinkUp(int index, string name, int masterIndex = 0, string? masterName = null)
    {
        var request = NewRequest(Rtnl.RtmSetLink, 0);
        request.WriteIfInfoMsg(Rtnl.AfUnspec, index, Rtnl.IffUp, Rtnl.IffUp);
        if (index == 0)
        {
            request.AddString(Rtnl.IflaIfName, name);
        }

        if (masterIndex != 0)
        {
            request.AddInt32(Rtnl.IflaMaster, masterIndex);
        }

        var operation = masterIndex != 0
            ? $"attach {name} to bridge {masterName} and bring it up {Where}"
            : $"bring up {name} {Where}";
        _socket.Transact(request, operation);
    }

    /// <summary>Enslaves a link (by index, or by name when index is 0) to a bridge without touching its flags: a port that is down forwards nothing.</summary>
    public void AttachToBridge(int index, string name, int bridgeIndex, string bridgeName)
    {
        var request = NewRequest(Rtnl.RtmSetLink, 0);
        request.WriteIfInfoMsg(Rtnl.AfUnspec, index, 0, 0);
        if (index == 0)
        {
            request.AddString(Rtnl.IflaIfName, name);
        }

        request.AddInt32(Rtnl.IflaMaster, bridgeIndex);
        _socket.Transact(request, $"attach {name} to bridge {bridgeName} {Where}");
    }

    /// <summary>
    /// Sets the bridge port flag "isolated" on a bridge port (what `bridge link set dev NAME isolated on|off`
    /// sends): RTM_SETLINK with ifi_family AF_BRIDGE, handled by the master's ndo_bridge_setlink (br_setlink,
    /// br_setport). An isolated port forwards only to the bridge itself and to non-isolated ports. Linux &gt;= 4.18;
    /// older kernels may silently ignore the attribute, so callers read it back (<see cref="LinkInfo.PortIsolated"/>).
    /// </summary>
    public void SetBridgePortIsolated(int index, string name, bool isolated)
    {
        var request = NewRequest(Rtnl.RtmSetLink, 0);
        request.WriteIfInfoMsg(Rtnl.AfBridge, index, 0, 0);
        var protInfo = request.BeginNested(Rtnl.IflaProtInfo);
        request.AddAttribute(Rtnl.IflaBrportIsolated, [isolated ? (byte)1 : (byte)0]);
        request.EndNested(protInfo);
        _socket.Transact(request, $"set bridge port flag isolated {(isolated ? "on" : "off")} on {name} {Where}");
    }

    public void AddAddress(int index, string name, IPAddress address, byte prefixLength)
    {
        var request = NewRequest(Rtnl.RtmNewAddr, Rtnl.NlmFCreate | Rtnl.NlmFExcl);
        request.WriteIfAddrMsg(Rtnl.AfInet, prefixLength, Rtnl.RtScopeUniverse, index);
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        request.AddAttribute(Rtnl.IfaLocal, bytes);
        request.AddAttribute(Rtnl.IfaAddress, bytes);
        if (prefixLength <= 30)
        {
            Span<byte> broadcast = stackalloc byte[4];
            Ipv4.Broadcast(address, prefixLength).TryWriteBytes(broadcast, out _);
            request.AddAttribute(Rtnl.IfaBroadcast, broadcast);
        }

        _socket.Transact(request, $"add address {address}/{prefixLength} to {name} {Where}");
    }

    public List<AddressInfo> GetIPv4Addresses(int index)
    {
        var request = NewDump(Rtnl.RtmGetAddr);
        request.WriteIfAddrMsg(Rtnl.AfInet, 0, 0, index);
        var addresses = new List<AddressInfo>();
        foreach (var reply in _socket.Transact(request, $"list IPv4 addresses {Where}"))
        {
            if (AddressInfo.Parse(reply) is { } address && address.Index == index)
            {
                addresses.Add(address);
            }
        }

        return addresses;
    }

    public void AddDefaultRoute(int index, string name, IPAddress gateway)
    {
        var request = NewRequest(Rtnl.RtmNewRoute, Rtnl.NlmFCreate | Rtnl.NlmFExcl);
        request.WriteRtMsg(Rtnl.AfInet, 0, Rtnl.RtTableMain, Rtnl.RtprotBoot, Rtnl.RtScopeUniverse, Rtnl.RtnUnicast);
        Span<byte> bytes = stackalloc byte[4];
        gateway.TryWriteBytes(bytes, out _);
        request.AddAttribute(Rtnl.RtaGateway, bytes);
        request.AddInt32(Rtnl.RtaOif, index);
        _socket.Transact(request, $"add default route via {gateway} dev {name} {Where}");
    }

    /// <summary>Sets a permanent neighbour entry (ip neigh replace ADDRESS lladdr MAC dev NAME nud permanent).</summary>
    public void ReplacePermanentNeighbour(int index, string name, IPAddress address, ReadOnlySpan<byte> mac)
    {
        var request = NewRequest(Rtnl.RtmNewNeigh, Rtnl.NlmFCreate | Rtnl.NlmFReplace);
        request.WriteNdMsg(Rtnl.AfInet, index, Rtnl.NudPermanent);
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        request.AddAttribute(Rtnl.NdaDst, bytes);
        request.AddAttribute(Rtnl.NdaLladdr, mac);
        _socket.Transact(request, $"set neighbour {address} lladdr {Convert.ToHexString(mac)} on {name} {Where}");
    }

    /// <summary>Deletes a neighbour entry; false if there was none (ENOENT).</summary>
    public bool DeleteNeighbour(int index, string name, IPAddress address)
    {
        var request = NewRequest(Rtnl.RtmDelNeigh, 0);
        request.WriteNdMsg(Rtnl.AfInet, index, 0);
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        request.AddAttribute(Rtnl.NdaDst, bytes);
        try
        {
            _socket.Transact(request, $"delete neighbour {address} on {name} {Where}");
            return true;
        }
        catch (NetlinkException e) when (e.ErrorNumber == Errno.ENOENT)
        {
            return false;
        }
    }

    /// <summary>Deletes a link by index; false if it no longer exists (ENODEV).</summary>
    public bool DeleteLink(int index, string name)
    {
        var request = NewRequest(Rtnl.RtmDelLink, 0);
        request.WriteIfInfoMsg(Rtnl.AfUnspec, index, 0, 0);
        try
        {
            _socket.Transact(request, $"delete link {name} {Where}");
            return true;
        }
        catch (NetlinkException e) when (e.ErrorNumber == Errno.ENODEV)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>A request the kernel acknowledges (NLM_F_ACK), so success is explicit too.</summary>
    private static NetlinkMessageWriter NewRequest(ushort type, ushort flags) =>
        new(type, (ushort)(Rtnl.NlmFRequest | Rtnl.NlmFAck | flags), NetlinkSocket.NextSequence());

    /// <summary>A dump request; it ends with NLMSG_DONE instead of an ACK.</summary>
    private static NetlinkMessageWriter NewDump(ushort type) =>
        new(type, Rtnl.NlmFRequest | Rtnl.NlmFDump, NetlinkSocket.NextSequence());
}
