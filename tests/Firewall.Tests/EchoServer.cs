using System.Net;
using System.Net.Sockets;

namespace LightVm.FirewallGuest.Tests;

/// <summary>A TCP echo server on loopback (the far end of CONNECT tunnels): sends back what it reads, and ends its side when the client ends its own.</summary>
public sealed class EchoServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();

    private EchoServer(TcpListener listener)
    {
        _listener = listener;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static EchoServer Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = new EchoServer(listener);
        _ = server.AcceptAsync();
        return server;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = EchoAsync(client);
        }
    }

    private async Task EchoAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[8192];
            try
            {
                int read;
                while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                }

                client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The test is over or the proxy went away.
            }
        }
    }
}
