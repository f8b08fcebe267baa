using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LightVm.FirewallGuest.Tests;

/// <summary>
/// A destination web server on loopback, raw sockets: answers each request with 200 and a body that is the
/// request it received (head and body), and says <c>Connection: keep-alive</c> whatever was asked, so tests see
/// what the proxy sent upstream and that the proxy rewrites the connection field. Closes after a request that
/// asked for <c>Connection: close</c>.
/// </summary>
public sealed class OriginServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();

    private OriginServer(TcpListener listener)
    {
        _listener = listener;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static OriginServer Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = new OriginServer(listener);
        _ = server.AcceptAsync();
        return server;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private static async Task ServeAsync(TcpClient client, CancellationToken stop)
    {
        using (client)
        {
            var stream = client.GetStream();
            var received = new List<byte>();
            var buffer = new byte[8192];
            while (true)
            {
                var text = Encoding.Latin1.GetString([.. received]);
                var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (headEnd < 0)
                {
                    var read = await stream.ReadAsync(buffer, stop);
                    if (read == 0)
                    {
                        return;
                    }

                    received.AddRange(buffer.AsSpan(0, read));
                    continue;
                }

                var head = text[..(headEnd + 4)];
                var length = ContentLength(head);
                while (received.Count < head.Length + length)
                {
                    var read = await stream.ReadAsync(buffer, stop);
                    if (read == 0)
                    {
                        return;
                    }

                    received.AddRange(buffer.AsSpan(0, read));
                }

                var echo = received.GetRange(0, head.Length + length).ToArray();
                received.RemoveRange(0, head.Length + length);
                var answer = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {echo.Length}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=60\r\nX-Origin: yes\r\n\r\n");
                await stream.WriteAsync(answer, stop);
                await stream.WriteAsync(echo, stop);
                if (head.Contains("\r\nConnection: close\r\n", StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
            }
        }
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeQuietlyAsync(client);
        }
    }

    private async Task ServeQuietlyAsync(TcpClient client)
    {
        try
        {
            await ServeAsync(client, _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
        {
            // The test is over or the proxy went away.
        }
    }
}
