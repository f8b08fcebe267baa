using System.Net;
using System.Net.Sockets;
using LightVm.Devd.Netlink;

namespace LightVm.Devd.Tests.Support;

/// <summary>
/// TCP sockets created inside a guest namespace (a socket keeps the namespace it was created in), so tests can
/// listen "in the guest" and connect from the host or from another guest without extra processes.
/// </summary>
internal static class NetnsSockets
{
    public const int Port = 7000;

    public static Task<Socket> ListenAsync(string netnsPath, IPAddress address) =>
        CreateInsideAsync(netnsPath, socket =>
        {
            socket.Bind(new IPEndPoint(address, Port));
            socket.Listen();
        });

    public static Task<Socket> NewClientAsync(string netnsPath) => CreateInsideAsync(netnsPath, _ => { });

    /// <summary>
    /// Connects (from the host, or with a socket made by <paramref name="newClient"/>) to the listener and
    /// echoes one byte. A few bounded attempts, since the first ARP exchange may lose a SYN; each attempt
    /// (connect, accept, echo) is bounded by <paramref name="timeout"/> (2 s unless set).
    /// </summary>
    public static async Task<bool> TryExchangeAsync(Socket listener, IPAddress address, Func<Task<Socket>> newClient, int attempts = 5, TimeSpan? timeout = null)
    {
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            if (await TryOnceAsync(listener, address, newClient, timeout ?? TimeSpan.FromSeconds(2)))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    public static Task<Socket> NewHostClientAsync() =>
        Task.FromResult(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));

    private static async Task<bool> TryOnceAsync(Socket listener, IPAddress address, Func<Task<Socket>> newClient, TimeSpan limit)
    {
        using var client = await newClient();
        using var timeout = new CancellationTokenSource(limit);
        var accept = listener.AcceptAsync(timeout.Token).AsTask();
        try
        {
            await client.ConnectAsync(new IPEndPoint(address, Port), timeout.Token);
            using var server = await accept;
            await client.SendAsync(new byte[] { 42 }, SocketFlags.None, timeout.Token);
            var buffer = new byte[1];
            var read = await server.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return read == 1 && buffer[0] == 42;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            // Never leave an accept pending on the listener between attempts.
            await timeout.CancelAsync();
            try
            {
                (await accept).Dispose();
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Cancelled or already consumed.
            }
        }
    }

    private static async Task<Socket> CreateInsideAsync(string netnsPath, Action<Socket> setup)
    {
        using var netns = NetworkNamespace.Open(netnsPath, "open " + netnsPath);
        return await NetworkNamespace.RunInsideAsync(netns, netnsPath, () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                setup(socket);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        });
    }
}
