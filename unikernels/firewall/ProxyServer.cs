using System.Net;
using System.Net.Sockets;

namespace LightVm.FirewallGuest;

/// <summary>The listening socket: accepts connections and serves each as one <see cref="ProxyConnection"/> until disposed.</summary>
public sealed class ProxyServer : IDisposable
{
    public const int Backlog = 512;

    private const int SolSocket = 1; // SOL_SOCKET on Linux.
    private const int SoReuseAddr = 2; // SO_REUSEADDR only: .NET's ReuseAddress would add SO_REUSEPORT.

    private readonly Socket _listener;
    private readonly ProxyPolicy _policy;

    private ProxyServer(Socket listener, ProxyPolicy policy)
    {
        _listener = listener;
        _policy = policy;
    }

    public EndPoint LocalEndPoint => _listener.LocalEndPoint!;

    /// <summary>Binds and listens; throws <see cref="SocketException"/> when the address cannot be had.</summary>
    public static ProxyServer Start(IPAddress address, int port, ProxyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(policy);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // Lets a restarted guest take its port back while old connections sit in TIME_WAIT.
                listener.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            }

            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(Backlog);
            return new ProxyServer(listener, policy);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Accepts connections until the listener is disposed.</summary>
    public async Task RunAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync();
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.OperationAborted)
            {
                return; // The listener was closed while accepting.
            }
            catch (SocketException ex)
            {
                // Out of descriptors or a connection reset before accept: wait a little and go on.
                FlowLog.Problem($"firewall: accept failed: {ex.SocketErrorCode}");
                await Task.Delay(50);
                continue;
            }

            _ = new ProxyConnection(client, _policy).ServeAsync();
        }
    }

    public void Dispose() => _listener.Dispose();
}
