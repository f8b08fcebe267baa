using System.Buffers.Binary;
using System.Text;

namespace LightVm.Devd.Netlink;

/// <summary>Parses what the kernel sends back: datagrams into messages, rtattr lists, NLMSG_ERROR payloads.</summary>
internal static class NetlinkMessageReader
{
    /// <summary>Splits one received datagram into messages (payloads are copied).</summary>
    public static void ReadDatagram(ReadOnlySpan<byte> datagram, List<NetlinkMessage> into)
    {
        var offset = 0;
        while (datagram.Length - offset >= Rtnl.HeaderLength)
        {
            var header = datagram[offset..];
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (length < Rtnl.HeaderLength || length > header.Length)
            {
                throw new NetlinkException($"Devd: malformed netlink reply (message length {length} at offset {offset} of a {datagram.Length}-byte datagram).");
            }

            into.Add(new NetlinkMessage(
                BinaryPrimitives.ReadUInt16LittleEndian(header[4..]),
                BinaryPrimitives.ReadUInt16LittleEndian(header[6..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[8..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[12..]),
                header[Rtnl.HeaderLength..length].ToArray()));
            offset += Rtnl.Align(length);
        }
    }

    /// <summary>
    /// Reads an NLMSG_ERROR payload (struct nlmsgerr): the errno (positive; 0 is an ACK) and, when the kernel
    /// attached extended-ack TLVs, its message.
    /// </summary>
    public static (int Errno, string? KernelMessage) ReadError(NetlinkMessage message)
    {
        var payload = message.Payload.Span;
        if (payload.Length < 4)
        {
            throw new NetlinkException("Devd: truncated NLMSG_ERROR reply.");
        }

        var errno = -BinaryPrimitives.ReadInt32LittleEndian(payload);
        if ((message.Flags & Rtnl.NlmFAckTlvs) == 0 || payload.Length < 4 + Rtnl.HeaderLength)
        {
            return (errno, null);
        }

        // After the errno comes the offending request's header, or the whole request if not capped.
        var echoed = 4 + ((message.Flags & Rtnl.NlmFCapped) != 0
            ? Rtnl.HeaderLength
            : Rtnl.Align((int)BinaryPrimitives.ReadUInt32LittleEndian(payload[4..])));
        if (echoed >= payload.Length)
        {
            return (errno, null);
        }

        var tlvs = ReadAttributes(message.Payload[echoed..]);
        return (errno, tlvs.TryGetValue(Rtnl.NlmsgerrAttrMsg, out var text) ? ReadString(text.Span) : null);
    }

    /// <summary>Parses a run of rtattrs (the nested flag is masked off the type; later duplicates win).</summary>
    public static Dictionary<ushort, ReadOnlyMemory<byte>> ReadAttributes(ReadOnlyMemory<byte> data)
    {
        var result = new Dictionary<ushort, ReadOnlyMemory<byte>>();
        var span = data.Span;
        var offset = 0;
        while (span.Length - offset >= Rtnl.RtAttrHeaderLength)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);
            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 2)..]) & Rtnl.NlaTypeMask);
            if (length < Rtnl.RtAttrHeaderLength || offset + length > span.Length)
            {
                break;
            }

            result[type] = data.Slice(offset + Rtnl.RtAttrHeaderLength, length - Rtnl.RtAttrHeaderLength);
            offset += Rtnl.Align(length);
        }

        return result;
    }

    public static string ReadString(ReadOnlySpan<byte> value)
    {
        var end = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? value : value[..end]);
    }
}
