using LightVm.Guest.Init.Linux;

namespace LightVm.Guest.Init.Tests.Linux;

public sealed class NicSetupTests
{
    [Theory]
    [InlineData(16, "255.255.0.0")]
    [InlineData(24, "255.255.255.0")]
    [InlineData(0, "0.0.0.0")]
    [InlineData(32, "255.255.255.255")]
    public void Netmask_Prefix_GivesDottedMask(byte prefix, string expected)
    {
        Assert.Equal(expected, NicSetup.Netmask(prefix).ToString());
    }

    private static readonly byte[] Mac = [0x02, 0x4d, 1, 2, 3, 4];

    [Fact]
    public void FindInterface_TunnelsAndTwoEthernets_ReturnsTheOneWithThePageMac()
    {
        var dir = Directory.CreateTempSubdirectory("sysnet");
        try
        {
            Link(dir.FullName, "lo", "772", "00:00:00:00:00:00");
            Link(dir.FullName, "ip6tnl0", "769", "00:00:00:00");
            Link(dir.FullName, "sit0", "776", "00:00:00:00");
            Link(dir.FullName, "eth0", "1", "02:00:00:00:00:01");
            Link(dir.FullName, "vec0", "1", "02:4d:01:02:03:04");

            Assert.Equal("vec0", NicSetup.FindInterface(Mac, dir.FullName));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void FindInterface_NoMacMatch_ReturnsFirstEthernetNeverATunnel()
    {
        var dir = Directory.CreateTempSubdirectory("sysnet");
        try
        {
            Link(dir.FullName, "ip6tnl0", "769", "00:00:00:00");
            Link(dir.FullName, "vec0", "1", "02:00:00:00:00:09");

            Assert.Equal("vec0", NicSetup.FindInterface(Mac, dir.FullName));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void FindInterface_OnlyLoopbackAndTunnels_ReturnsNull()
    {
        var dir = Directory.CreateTempSubdirectory("sysnet");
        try
        {
            Link(dir.FullName, "lo", "772", "00:00:00:00:00:00");
            Link(dir.FullName, "sit0", "776", "00:00:00:00");

            Assert.Null(NicSetup.FindInterface(Mac, dir.FullName));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static void Link(string root, string name, string type, string address)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "type"), type + "\n");
        File.WriteAllText(Path.Combine(dir, "address"), address + "\n");
    }
}
