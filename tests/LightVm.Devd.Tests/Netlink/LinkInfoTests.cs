using LightVm.Devd.Netlink;

namespace LightVm.Devd.Tests.Netlink;

public sealed class LinkInfoTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    public void Parse_BridgePortSlaveData_ReadsPortIsolated(byte flag, bool expected)
    {
        var message = Link(writer =>
        {
            var linkInfo = writer.BeginNested(Rtnl.IflaLinkInfo);
            writer.AddString(Rtnl.IflaInfoKind, "veth");
            writer.AddString(Rtnl.IflaInfoSlaveKind, "bridge");
            var slaveData = writer.BeginNested(Rtnl.IflaInfoSlaveData);
            writer.AddAttribute(Rtnl.IflaBrportIsolated, [flag]);
            writer.EndNested(slaveData);
            writer.EndNested(linkInfo);
        });

        var link = LinkInfo.Parse(message);

        Assert.Equal("veth", link.Kind);
        Assert.Equal(expected, link.PortIsolated);
    }

    [Fact]
    public void Parse_NotABridgePort_PortIsolatedIsNull()
    {
        var message = Link(writer =>
        {
            var linkInfo = writer.BeginNested(Rtnl.IflaLinkInfo);
            writer.AddString(Rtnl.IflaInfoKind, "veth");
            writer.EndNested(linkInfo);
        });

        var link = LinkInfo.Parse(message);

        Assert.Equal("veth", link.Kind);
        Assert.Null(link.PortIsolated);
    }

    [Fact]
    public void Parse_PortOfAnotherMasterKind_PortIsolatedIsNull()
    {
        var message = Link(writer =>
        {
            var linkInfo = writer.BeginNested(Rtnl.IflaLinkInfo);
            writer.AddString(Rtnl.IflaInfoKind, "veth");
            writer.AddString(Rtnl.IflaInfoSlaveKind, "bond");
            var slaveData = writer.BeginNested(Rtnl.IflaInfoSlaveData);
            writer.AddAttribute(Rtnl.IflaBrportIsolated, [1]);
            writer.EndNested(slaveData);
            writer.EndNested(linkInfo);
        });

        Assert.Null(LinkInfo.Parse(message).PortIsolated);
    }

    private static NetlinkMessage Link(Action<NetlinkMessageWriter> attributes)
    {
        var writer = new NetlinkMessageWriter(Rtnl.RtmNewLink, 0, 1);
        writer.WriteIfInfoMsg(Rtnl.AfUnspec, 7, Rtnl.IffUp, 0);
        writer.AddString(Rtnl.IflaIfName, "lv0123456789");
        attributes(writer);
        var bytes = writer.Complete().ToArray();
        return new NetlinkMessage(Rtnl.RtmNewLink, 0, 1, 0, bytes.AsMemory(Rtnl.HeaderLength));
    }
}
