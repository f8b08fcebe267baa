using System.Net;
using LightVm.Devd.Network;

namespace LightVm.Devd.Tests.Network;

public sealed class SubnetAddressPoolTests
{
    [Fact]
    public void Constructor_Subnet_GatewayIsTheFirstHostAddress()
    {
        var pool = new SubnetAddressPool(IPAddress.Parse("10.99.1.77"), 24);

        Assert.Equal(IPAddress.Parse("10.99.1.1"), pool.Gateway);
        Assert.Equal(24, pool.PrefixLength);
        Assert.Equal("10.99.1.0/24", pool.Subnet);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(31)]
    public void Constructor_PrefixOutOfRange_Throws(byte prefix)
    {
        Assert.Throws<ArgumentException>(() => new SubnetAddressPool(IPAddress.Parse("10.0.0.0"), prefix));
    }

    [Theory]
    [InlineData("10.77.0.0")]
    [InlineData("10.77.0.0/x")]
    [InlineData("fe80::/64")]
    [InlineData("not-an-address/16")]
    [InlineData("")]
    public void Parse_NotAnIpv4Subnet_Throws(string subnet)
    {
        Assert.ThrowsAny<ArgumentException>(() => SubnetAddressPool.Parse(subnet));
    }

    [Fact]
    public void Rent_WholeSubnet_EveryHostAddressOnceNeitherGatewayNorBroadcastThenExhausted()
    {
        var pool = SubnetAddressPool.Parse("10.99.2.0/29"); // hosts .1-.6; .1 is the gateway

        var rented = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();

        Assert.Equal(["10.99.2.2", "10.99.2.3", "10.99.2.4", "10.99.2.5", "10.99.2.6"], rented.Select(a => a.ToString()).Order());
        Assert.Equal(5, pool.InUse);
        var error = Assert.Throws<AddressPoolExhaustedException>(() => pool.Rent());
        Assert.Contains("10.99.2.0/29", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rent_AfterReturn_TheFreedAddressIsNotReusedAtOnce()
    {
        var pool = SubnetAddressPool.Parse("10.99.3.0/28");
        var first = pool.Rent();

        pool.Return(first);
        var second = pool.Rent();

        Assert.NotEqual(first, second);
        Assert.Equal(1, pool.InUse);
    }

    [Fact]
    public void TryRent_FreeThenTaken_TrueThenFalse()
    {
        var pool = SubnetAddressPool.Parse("10.99.4.0/24");
        var address = IPAddress.Parse("10.99.4.9");

        Assert.True(pool.TryRent(address));
        Assert.False(pool.TryRent(address));
        pool.Return(address);
        Assert.True(pool.TryRent(address));
    }

    [Fact]
    public void TryRent_AddressOutsideTheSubnet_Throws()
    {
        var pool = SubnetAddressPool.Parse("10.99.5.0/24");

        Assert.Throws<ArgumentException>(() => pool.TryRent(IPAddress.Parse("10.99.6.9")));
        Assert.Throws<ArgumentException>(() => pool.TryRent(pool.Gateway));
    }
}
