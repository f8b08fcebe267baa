using System.Buffers.Binary;

namespace LightVm.Devd.Netlink;

/// <summary>
/// What Devd reads back about one link (an RTM_NEWLINK reply). <see cref="PortIsolated"/> is the bridge port
/// flag "isolated" when the link is a bridge port and the kernel reports it (Linux &gt;= 4.18), otherwise null.
/// </summary>
internal sealed record LinkInfo(int Index, string Name, uint Flags, byte[] Mac, int MasterIndex, string? Kind, bool? PortIsolated = null)
{
    public bool IsUp => (Flags & Rtnl.IffUp) != 0;

    public static LinkInfo Parse(NetlinkMessage message)
    {
        var payload = message.Payload;
        if (payload.Length < Rtnl.IfInfoMsgLength)
        {
            throw new NetlinkException($"Devd: truncated RTM_NEWLINK reply ({payload.Length} bytes).");
        }

        var span = payload.Span;
        var index = BinaryPrimitives.ReadInt32LittleEndian(span[4..]);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        var attributes = NetlinkMessageReader.ReadAttributes(payload[Rtnl.IfInfoMsgLength..]);

        var name = attributes.TryGetValue(Rtnl.IflaIfName, out var n) ? NetlinkMessageReader.ReadString(n.Span) : string.Empty;
        var mac = attributes.TryGetValue(Rtnl.IflaAddress, out var a) ? a.ToArray() : [];
        var master = attributes.TryGetValue(Rtnl.IflaMaster, out var m) && m.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(m.Span) : 0;
        string? kind = null;
        bool? isolated = null;
        if (attributes.TryGetValue(Rtnl.IflaLinkInfo, out var linkInfo))
        {
            var info = NetlinkMessageReader.ReadAttributes(linkInfo);
            if (info.TryGetValue(Rtnl.IflaInfoKind, out var k))
            {
                kind = NetlinkMessageReader.ReadString(k.Span);
            }

            // A bridge port's IFLA_BRPORT_* attributes (br_port_fill_attrs) ride in IFLA_INFO_SLAVE_DATA.
            if (info.TryGetValue(Rtnl.IflaInfoSlaveKind, out var slaveKind)
                && NetlinkMessageReader.ReadString(slaveKind.Span) == "bridge"
                && info.TryGetValue(Rtnl.IflaInfoSlaveData, out var slaveData)
                && NetlinkMessageReader.ReadAttributes(slaveData).TryGetValue(Rtnl.IflaBrportIsolated, out var i)
                && i.Length >= 1)
            {
                isolated = i.Span[0] != 0;
            }
        }

        return new LinkInfo(index, name, flags, mac, master, kind, isolated);
    }
}
