using System.Net;
using System.Net.Sockets;

namespace LightVm.TlsTerminator.Tests;

/// <summary>A loopback TCP backend that echoes each connection's bytes back and closes its side at the client's end of stream.</summary>
public sealed class EchoServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public EchoServer()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public int Connections { get; private set; }

    public void Dispose() => _listener.Stop();

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync();
                Connections++;
                _ = EchoAsync(client);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private static async Task EchoAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[4096];
            try
            {
                int read;
                while ((read = await client.ReceiveAsync(buffer)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, read));
                }

                client.Shutdown(SocketShutdown.Send); // Half-close, after the client's.
            }
            catch (SocketException)
            {
                // The relay went away.
            }
        }
    }
}
