using System.Buffers.Binary;
using System.Net;

namespace LightVm.Devd.Netlink;

/// <summary>One IPv4 address read back from an RTM_NEWADDR dump.</summary>
internal sealed record AddressInfo(int Index, IPAddress Local, byte PrefixLength)
{
    public static AddressInfo? Parse(NetlinkMessage message)
    {
        var payload = message.Payload;
        if (payload.Length < Rtnl.IfAddrMsgLength || payload.Span[0] != Rtnl.AfInet)
        {
            return null;
        }

        var span = payload.Span;
        var attributes = NetlinkMessageReader.ReadAttributes(payload[Rtnl.IfAddrMsgLength..]);
        if (!attributes.TryGetValue(Rtnl.IfaLocal, out var local) && !attributes.TryGetValue(Rtnl.IfaAddress, out local))
        {
            return null;
        }

        return local.Length == 4
            ? new AddressInfo(BinaryPrimitives.ReadInt32LittleEndian(span[4..]), new IPAddress(local.Span), span[1])
            : null;
    }
}
