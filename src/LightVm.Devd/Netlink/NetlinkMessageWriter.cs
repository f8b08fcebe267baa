using System.Buffers.Binary;
using System.Text;

namespace LightVm.Devd.Netlink;

/// <summary>
/// Builds one netlink request by hand: nlmsghdr, a family header (ifinfomsg/ifaddrmsg/rtmsg) and rtattrs,
/// 4-byte aligned, native (little) endian. Lengths are patched when a nest or the message is completed.
/// </summary>
internal sealed class NetlinkMessageWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    public NetlinkMessageWriter(ushort type, ushort flags, uint sequence)
    {
        Type = type;
        Sequence = sequence;
        var header = Reserve(Rtnl.HeaderLength);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], sequence);
        // nlmsg_pid stays 0: the kernel is the destination.
    }

    public ushort Type { get; }

    public uint Sequence { get; }

    public int Length => _length;

    /// <summary>struct ifinfomsg.</summary>
    public void WriteIfInfoMsg(byte family, int index, uint flags, uint change)
    {
        var span = Reserve(Rtnl.IfInfoMsgLength);
        span[0] = family;
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], index);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], change);
    }

    /// <summary>struct ifaddrmsg.</summary>
    public void WriteIfAddrMsg(byte family, byte prefixLength, byte scope, int index)
    {
        var span = Reserve(Rtnl.IfAddrMsgLength);
        span[0] = family;
        span[1] = prefixLength;
        span[3] = scope;
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], index);
    }

    /// <summary>struct rtmsg.</summary>
    public void WriteRtMsg(byte family, byte destinationLength, byte table, byte protocol, byte scope, byte type)
    {
        var span = Reserve(Rtnl.RtMsgLength);
        span[0] = family;
        span[1] = destinationLength;
        span[4] = table;
        span[5] = protocol;
        span[6] = scope;
        span[7] = type;
    }

    /// <summary>struct ndmsg.</summary>
    public void WriteNdMsg(byte family, int index, ushort state)
    {
        var span = Reserve(Rtnl.NdMsgLength);
        span[0] = family;
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], index);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], state);
    }

    public void AddAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        var length = Rtnl.RtAttrHeaderLength + value.Length;
        var span = Reserve(Rtnl.Align(length));
        BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)length));
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
        value.CopyTo(span[Rtnl.RtAttrHeaderLength..]);
    }

    public void AddUInt32(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        AddAttribute(type, bytes);
    }

    public void AddInt32(ushort type, int value) => AddUInt32(type, unchecked((uint)value));

    /// <summary>A NUL-terminated string attribute (IFLA_IFNAME, IFLA_INFO_KIND).</summary>
    public void AddString(ushort type, string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        Span<byte> bytes = count < 256 ? stackalloc byte[count + 1] : new byte[count + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        bytes[count] = 0;
        AddAttribute(type, bytes);
    }

    /// <summary>Opens a nested attribute; returns its offset for <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        var start = _length;
        var span = Reserve(Rtnl.RtAttrHeaderLength);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], (ushort)(type | Rtnl.NlaFNested));
        return start;
    }

    public void EndNested(int start) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), checked((ushort)(_length - start)));

    /// <summary>Patches nlmsg_len and returns the finished message.</summary>
    public ReadOnlySpan<byte> Complete()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)_length);
        return _buffer.AsSpan(0, _length);
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        span.Clear();
        _length += count;
        return span;
    }
}
