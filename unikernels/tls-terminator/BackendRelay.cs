using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace LightVm.TlsTerminator;

/// <summary>
/// Splices a decrypted TLS stream and a plain TCP connection to the backend, both ways, half-close aware: the
/// client's end of stream (close_notify or FIN) becomes a FIN to the backend, the backend's FIN becomes a
/// close_notify to the client, and each direction keeps flowing until its own end. A reset on either side
/// ends both.
/// </summary>
public sealed class BackendRelay
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly EndPoint _backend;

    public BackendRelay(EndPoint backend) => _backend = backend;

    /// <summary>Connects and relays until both directions have ended; returns the outcome to log.</summary>
    public async Task<string> RelayAsync(SslStream client)
    {
        Socket backend;
        try
        {
            backend = await ConnectAsync();
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            await client.ShutdownAsync();
            var reason = ex is SocketException socket ? socket.SocketErrorCode.ToString() : "timed out";
            return $"backend {_backend} unreachable ({reason})";
        }

        using (backend)
        using (var stop = new CancellationTokenSource())
        await using (var backendStream = new NetworkStream(backend, ownsSocket: false))
        {
            var up = PumpAsync(client, backendStream, () => backend.Shutdown(SocketShutdown.Send), stop);
            var down = PumpAsync(backendStream, client, () => client.ShutdownAsync(), stop);
            var sent = await up;
            var received = await down;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"relayed to {_backend}: {sent} bytes up, {received} bytes down{(stop.IsCancellationRequested ? " (ended by a reset)" : string.Empty)}");
        }
    }

    /// <summary>Copies until end of stream, then half-closes the other side; a failure stops both directions.</summary>
    private static async Task<long> PumpAsync(Stream from, Stream to, Func<Task> endOfStream, CancellationTokenSource stop)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, stop.Token);
                if (read == 0)
                {
                    await endOfStream();
                    return total;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), stop.Token);
                await to.FlushAsync(stop.Token);
                total += read;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            await stop.CancelAsync(); // One side is gone: the other direction has nowhere to go either.
            return total;
        }
    }

    private static Task<long> PumpAsync(Stream from, Stream to, Action endOfStream, CancellationTokenSource stop) =>
        PumpAsync(from, to, () =>
        {
            endOfStream();
            return Task.CompletedTask;
        }, stop);

    private async Task<Socket> ConnectAsync()
    {
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        var addresses = _backend switch
        {
            IPEndPoint ip => [ip],
            DnsEndPoint dns => (await Dns.GetHostAddressesAsync(dns.Host, timeout.Token)).Select(a => new IPEndPoint(a, dns.Port)).ToArray(),
            _ => throw new InvalidOperationException($"Unsupported backend end point {_backend}."),
        };
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, timeout.Token);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
