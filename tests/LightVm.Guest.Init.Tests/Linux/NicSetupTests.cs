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

    [Fact]
    public void FindInterface_LoopbackAndEth_ReturnsFirstNonLoopback()
    {
        var dir = Directory.CreateTempSubdirectory("sysnet");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "lo"));
            Directory.CreateDirectory(Path.Combine(dir.FullName, "vec0"));
            Directory.CreateDirectory(Path.Combine(dir.FullName, "eth0"));

            Assert.Equal("eth0", NicSetup.FindInterface(dir.FullName));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void FindInterface_OnlyLoopback_ReturnsNull()
    {
        var dir = Directory.CreateTempSubdirectory("sysnet");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "lo"));

            Assert.Null(NicSetup.FindInterface(dir.FullName));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
