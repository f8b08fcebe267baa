using System.Net;
using System.Net.Sockets;

namespace LightVm.Guest.Hosting;

/// <summary>
/// A guest's listening socket (<c>SO_REUSEADDR</c>, backlog <see cref="Backlog"/>) and its accept loop: each
/// accepted connection goes to the server's handler; a failed accept (out of descriptors, a reset before accept)
/// is said and retried; disposing the listener ends the loop.
/// </summary>
public sealed class GuestListener : IDisposable
{
    public const int Backlog = 512;

    private const int SolSocket = 1; // SOL_SOCKET on Linux.
    private const int SoReuseAddr = 2; // SO_REUSEADDR only: .NET's ReuseAddress would add SO_REUSEPORT.

    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly Socket _socket;

    private GuestListener(Socket socket)
    {
        _socket = socket;
    }

    public EndPoint LocalEndPoint => _socket.LocalEndPoint!;

    /// <summary>Binds and listens; throws <see cref="SocketException"/> when the address cannot be had.</summary>
    public static GuestListener Open(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // Lets a restarted guest take its port back while old connections sit in TIME_WAIT.
                socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(Backlog);
            return new GuestListener(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Accepts connections until the listener is disposed, handing each to <paramref name="serve"/> (which must not block).</summary>
    /// <param name="serve">Takes the connection over (and disposes it).</param>
    /// <param name="acceptFailed">Says that an accept failed, before the loop waits a little and goes on.</param>
    public async Task AcceptAsync(Action<Socket> serve, Action<SocketError> acceptFailed)
    {
        ArgumentNullException.ThrowIfNull(serve);
        ArgumentNullException.ThrowIfNull(acceptFailed);
        while (true)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync();
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
                acceptFailed(ex.SocketErrorCode);
                await Task.Delay(AcceptRetryDelay);
                continue;
            }

            serve(client);
        }
    }

    public void Dispose() => _socket.Dispose();
}
