namespace LightVm.Devd.Tests;

public sealed class NetlinkExceptionTests
{
    [Fact]
    public void Message_ErrnoAndKernelText_NamesOperationErrnoTextAndSymbol()
    {
        var error = new NetlinkException("create veth pair lv01 / eth0", 17, "veth peer already exists");

        Assert.Contains("create veth pair lv01 / eth0", error.Message);
        Assert.Contains("File exists", error.Message);
        Assert.Contains("EEXIST", error.Message);
        Assert.Contains("veth peer already exists", error.Message);
        Assert.Equal("EEXIST", error.ErrorName);
        Assert.Equal(17, error.ErrorNumber);
    }

    [Fact]
    public void Message_PermissionDenied_HintsAtCapabilities()
    {
        var error = new NetlinkException("create bridge lvbr0", 1);

        Assert.Contains("CAP_NET_ADMIN", error.Message);
    }

    [Fact]
    public void Message_BridgeFull_SaysTheBridgePortLimit()
    {
        var error = new NetlinkException("attach lv01 to bridge lvbr0 in the host netns", 54);

        Assert.Contains("EXFULL", error.Message);
        Assert.Contains("at most 1024 ports", error.Message);
    }
}
