using System.Net;
using System.Net.Sockets;
using LightVm.Guest.Hosting;

namespace LightVm.Guest.Tests.Hosting;

public sealed class GuestListenerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AcceptAsync_Connection_GoesToTheHandler_AndDisposeEndsTheLoop()
    {
        var listener = GuestListener.Open(IPAddress.Loopback, 0);
        var accepted = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = listener.AcceptAsync(client => accepted.TrySetResult(client), _ => { });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        await client.ConnectAsync(listener.LocalEndPoint);
        using var served = await accepted.Task.WaitAsync(Limit);
        listener.Dispose();

        await loop.WaitAsync(Limit);
        Assert.Equal(client.LocalEndPoint, served.RemoteEndPoint);
    }

    [Fact]
    public void Open_PortTaken_ThrowsSocketException()
    {
        using var first = GuestListener.Open(IPAddress.Loopback, 0);
        var port = ((IPEndPoint)first.LocalEndPoint).Port;

        Assert.Throws<SocketException>(() => GuestListener.Open(IPAddress.Loopback, port));
    }
}
