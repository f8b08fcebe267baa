using System.Buffers.Binary;
using LightVm.Devd.Netlink;

namespace LightVm.Devd.Tests.Netlink;

public sealed class NetlinkMessageReaderTests
{
    [Fact]
    public void ReadDatagram_TwoMessages_SplitsOnAlignedLengths()
    {
        var first = Message(Rtnl.RtmNewLink, 0, 7, [1, 2, 3]);
        var second = Message(Rtnl.NlmsgDone, 0, 7, [0, 0, 0, 0]);
        var messages = new List<NetlinkMessage>();

        NetlinkMessageReader.ReadDatagram([.. first, .. second], messages);

        Assert.Equal(2, messages.Count);
        Assert.Equal(Rtnl.RtmNewLink, messages[0].Type);
        Assert.Equal(new byte[] { 1, 2, 3 }, messages[0].Payload.ToArray());
        Assert.Equal(Rtnl.NlmsgDone, messages[1].Type);
        Assert.Equal(7u, messages[1].Sequence);
    }

    [Fact]
    public void ReadDatagram_LengthBeyondDatagram_ThrowsNetlinkException()
    {
        var bytes = Message(Rtnl.RtmNewLink, 0, 1, [1, 2, 3, 4]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 400);

        Assert.Throws<NetlinkException>(() => NetlinkMessageReader.ReadDatagram(bytes, []));
    }

    [Fact]
    public void ReadError_Ack_ReturnsZero()
    {
        var payload = new byte[4 + 16];

        var (errno, text) = NetlinkMessageReader.ReadError(new NetlinkMessage(Rtnl.NlmsgError, Rtnl.NlmFCapped, 1, 0, payload));

        Assert.Equal(0, errno);
        Assert.Null(text);
    }

    [Fact]
    public void ReadError_CappedWithExtendedAck_ReturnsErrnoAndKernelMessage()
    {
        var payload = new List<byte>();
        payload.AddRange(BitConverter.GetBytes(-17));
        payload.AddRange(new byte[16]); // the request's nlmsghdr
        var text = "Peer name already exists\0"u8.ToArray();
        payload.AddRange(BitConverter.GetBytes((ushort)(4 + text.Length)));
        payload.AddRange(BitConverter.GetBytes(Rtnl.NlmsgerrAttrMsg));
        payload.AddRange(text);

        var (errno, message) = NetlinkMessageReader.ReadError(
            new NetlinkMessage(Rtnl.NlmsgError, Rtnl.NlmFCapped | Rtnl.NlmFAckTlvs, 1, 0, payload.ToArray()));

        Assert.Equal(17, errno);
        Assert.Equal("Peer name already exists", message);
    }

    [Fact]
    public void ReadError_UncappedEchoWithExtendedAck_SkipsTheEchoedRequest()
    {
        var echoed = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(echoed, 24);
        var payload = new List<byte>();
        payload.AddRange(BitConverter.GetBytes(-19));
        payload.AddRange(echoed);
        var text = "no such device\0"u8.ToArray();
        payload.AddRange(BitConverter.GetBytes((ushort)(4 + text.Length)));
        payload.AddRange(BitConverter.GetBytes(Rtnl.NlmsgerrAttrMsg));
        payload.AddRange(text);

        var (errno, message) = NetlinkMessageReader.ReadError(
            new NetlinkMessage(Rtnl.NlmsgError, Rtnl.NlmFAckTlvs, 1, 0, payload.ToArray()));

        Assert.Equal(19, errno);
        Assert.Equal("no such device", message);
    }

    private static byte[] Message(ushort type, ushort flags, uint sequence, byte[] payload)
    {
        var bytes = new byte[Rtnl.Align(16 + payload.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)(16 + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), sequence);
        payload.CopyTo(bytes, 16);
        return bytes;
    }
}
