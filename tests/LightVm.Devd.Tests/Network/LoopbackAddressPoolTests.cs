using System.Net;
using System.Net.Sockets;
using LightVm.Devd.Network;

namespace LightVm.Devd.Tests.Network;

public sealed class LoopbackAddressPoolTests
{
    [Fact]
    public void Constructor_Default_127Dot77()
    {
        Assert.Equal("127.77.0.0/16", new LoopbackAddressPool().Subnet);
    }

    [Fact]
    public void Constructor_NotLoopback_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LoopbackAddressPool("10.0.0.0/16"));
    }

    [Fact]
    public void Rent_Port_AddressInTheRangeWhosePortIsFree()
    {
        var pool = new LoopbackAddressPool("127.78.0.0/24");

        var address = pool.Rent(port: 18080);

        Assert.True(IPAddress.IsLoopback(address));
        Assert.StartsWith("127.78.0.", address.ToString(), StringComparison.Ordinal);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 18080));
        pool.Return(address);
        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public void TryRent_PortTakenOnTheAddress_FalseAndNotRented()
    {
        var pool = new LoopbackAddressPool("127.79.0.0/24");
        var address = IPAddress.Parse("127.79.0.7");
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        Assert.False(pool.TryRent(address, port));
        Assert.Equal(0, pool.InUse);
        Assert.True(pool.TryRent(address, port + 1 > 65535 ? port - 1 : port + 1));
        Assert.Equal(1, pool.InUse);
    }

    [Fact]
    public void Rent_TinyRangeAllRented_ThrowsExhausted()
    {
        var pool = new LoopbackAddressPool("127.80.0.0/30"); // one host address besides the first

        pool.Rent(port: 0);

        Assert.Throws<AddressPoolExhaustedException>(() => pool.Rent(port: 0));
    }
}
