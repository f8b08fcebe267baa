using System.Net;

namespace LightVm.Devd.Tests;

public sealed class NicRequestTests
{
    [Fact]
    public void Validate_WellFormedRequest_DoesNotThrow()
    {
        Valid().Validate();
        With(netnsPath: "/run/netns/x", netnsPid: 0).Validate();
    }

    [Fact]
    public void Validate_HostNameLongerThan15_ThrowsNamingTheLimit()
    {
        var error = Assert.Throws<ArgumentException>(() => With(hostName: "lv0123456789abcd").Validate());

        Assert.Contains("HostName", error.Message);
        Assert.Contains("15", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("a:b")]
    [InlineData("..")]
    public void Validate_InvalidGuestName_Throws(string guestName)
    {
        var error = Assert.Throws<ArgumentException>(() => With(guestName: guestName).Validate());

        Assert.Contains("GuestName", error.Message);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public void Validate_MacNotSixBytes_Throws(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => With(mac: new byte[length]).Validate());

        Assert.Contains("6 bytes", error.Message);
    }

    [Fact]
    public void Validate_MulticastMac_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => With(mac: [0x01, 0, 0x5e, 0, 0, 1]).Validate());

        Assert.Contains("unicast", error.Message);
    }

    [Fact]
    public void Validate_Ipv6Address_ThrowsIpv4Only()
    {
        var error = Assert.Throws<ArgumentException>(() => With(address: IPAddress.IPv6Loopback).Validate());

        Assert.Contains("IPv4", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void Validate_PrefixOutOfRange_Throws(byte prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => With(prefix: prefix).Validate());

        Assert.Contains("PrefixLength", error.Message);
    }

    [Theory]
    [InlineData("10.9.0.1")]
    [InlineData("10.8.0.2")]
    public void Validate_GatewayOutsideSubnetOrEqualToAddress_Throws(string gateway)
    {
        var error = Assert.Throws<ArgumentException>(() => With(gateway: IPAddress.Parse(gateway)).Validate());

        Assert.Contains("Gateway", error.Message);
    }

    [Fact]
    public void Validate_NeitherPidNorPath_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => With(netnsPid: 0).Validate());

        Assert.Contains("NetnsPid", error.Message);
        Assert.Contains("NetnsPath", error.Message);
    }

    [Fact]
    public void Validate_BothPidAndPath_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => With(netnsPath: "/run/netns/x").Validate());

        Assert.Contains("only one", error.Message);
    }

    [Fact]
    public void Validate_RelativeNetnsPath_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => With(netnsPath: "netns/x", netnsPid: 0).Validate());

        Assert.Contains("absolute", error.Message);
    }

    [Fact]
    public void Isolated_NotSet_DefaultsToTrue()
    {
        Assert.True(Valid().Isolated);
    }

    [Fact]
    public void ResolvedNetnsPath_Pid_IsProcNsNet()
    {
        Assert.Equal("/proc/4242/ns/net", With(netnsPid: 4242).ResolvedNetnsPath);
        Assert.Equal("/run/netns/x", With(netnsPath: "/run/netns/x", netnsPid: 0).ResolvedNetnsPath);
    }

    private static NicRequest Valid() => With();

    private static NicRequest With(
        string hostName = "lv0123456789",
        string guestName = "eth0",
        byte[]? mac = null,
        IPAddress? address = null,
        byte prefix = 24,
        IPAddress? gateway = null,
        int netnsPid = 4242,
        string? netnsPath = null) => new()
        {
            HostName = hostName,
            GuestName = guestName,
            Mac = mac ?? [0x02, 0x4c, 0x56, 0, 0, 1],
            Address = address ?? IPAddress.Parse("10.8.0.2"),
            PrefixLength = prefix,
            Gateway = gateway ?? IPAddress.Parse("10.8.0.1"),
            Bridge = "lvbr0",
            NetnsPid = netnsPid,
            NetnsPath = netnsPath,
        };
}
