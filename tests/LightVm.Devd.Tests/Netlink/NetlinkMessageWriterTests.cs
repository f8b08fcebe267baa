using System.Buffers.Binary;
using LightVm.Devd.Netlink;

namespace LightVm.Devd.Tests.Netlink;

public sealed class NetlinkMessageWriterTests
{
    [Fact]
    public void Complete_HeaderOnly_WritesLengthTypeFlagsAndSequence()
    {
        var writer = new NetlinkMessageWriter(Rtnl.RtmGetLink, Rtnl.NlmFRequest | Rtnl.NlmFAck, 0x01020304);

        var bytes = writer.Complete();

        Assert.Equal(16, bytes.Length);
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(Rtnl.RtmGetLink, BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]));
        Assert.Equal(Rtnl.NlmFRequest | Rtnl.NlmFAck, BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]));
        Assert.Equal(0x01020304u, BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]));
    }

    [Fact]
    public void AddString_OddLength_NulTerminatesAndPadsToFourBytes()
    {
        var writer = new NetlinkMessageWriter(Rtnl.RtmGetLink, Rtnl.NlmFRequest, 1);
        writer.WriteIfInfoMsg(Rtnl.AfUnspec, 7, Rtnl.IffUp, Rtnl.IffUp);

        writer.AddString(Rtnl.IflaIfName, "eth0");

        var bytes = writer.Complete();
        Assert.Equal(16 + 16 + 12, bytes.Length);
        Assert.Equal(7, BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]));
        var attribute = bytes[32..];
        Assert.Equal(9, BinaryPrimitives.ReadUInt16LittleEndian(attribute));
        Assert.Equal(Rtnl.IflaIfName, BinaryPrimitives.ReadUInt16LittleEndian(attribute[2..]));
        Assert.Equal("eth0\0"u8.ToArray(), attribute[4..9].ToArray());
        Assert.Equal(new byte[3], attribute[9..12].ToArray());
    }

    [Fact]
    public void EndNested_TwoLevels_PatchesLengthsAndSetsNestedFlag()
    {
        var writer = new NetlinkMessageWriter(Rtnl.RtmNewLink, Rtnl.NlmFRequest, 1);
        writer.WriteIfInfoMsg(Rtnl.AfUnspec, 0, 0, 0);
        var outer = writer.BeginNested(Rtnl.IflaLinkInfo);
        writer.AddString(Rtnl.IflaInfoKind, "veth");
        var inner = writer.BeginNested(Rtnl.IflaInfoData);
        writer.AddUInt32(Rtnl.IflaNetNsFd, 5);
        writer.EndNested(inner);
        writer.EndNested(outer);

        var bytes = writer.Complete();

        var linkInfo = bytes[outer..];
        Assert.Equal(4 + 12 + 4 + 8, BinaryPrimitives.ReadUInt16LittleEndian(linkInfo));
        Assert.Equal(Rtnl.IflaLinkInfo | Rtnl.NlaFNested, BinaryPrimitives.ReadUInt16LittleEndian(linkInfo[2..]));
        var data = bytes[inner..];
        Assert.Equal(4 + 8, BinaryPrimitives.ReadUInt16LittleEndian(data));
        Assert.Equal(bytes.Length, (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes));
    }

    [Fact]
    public void ReadAttributes_WrittenMessage_RoundTrips()
    {
        var writer = new NetlinkMessageWriter(Rtnl.RtmNewLink, Rtnl.NlmFRequest, 1);
        writer.WriteIfInfoMsg(Rtnl.AfUnspec, 0, 0, 0);
        writer.AddString(Rtnl.IflaIfName, "lvbr0");
        writer.AddAttribute(Rtnl.IflaAddress, [2, 0, 0, 0, 0, 1]);
        var nested = writer.BeginNested(Rtnl.IflaLinkInfo);
        writer.AddString(Rtnl.IflaInfoKind, "bridge");
        writer.EndNested(nested);
        var bytes = writer.Complete().ToArray();

        var attributes = NetlinkMessageReader.ReadAttributes(bytes.AsMemory(16 + Rtnl.IfInfoMsgLength));

        Assert.Equal("lvbr0", NetlinkMessageReader.ReadString(attributes[Rtnl.IflaIfName].Span));
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 1 }, attributes[Rtnl.IflaAddress].ToArray());
        var kind = NetlinkMessageReader.ReadAttributes(attributes[Rtnl.IflaLinkInfo])[Rtnl.IflaInfoKind];
        Assert.Equal("bridge", NetlinkMessageReader.ReadString(kind.Span));
    }
}
