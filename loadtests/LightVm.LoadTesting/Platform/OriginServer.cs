using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LightVm.LoadTesting.Platform;

/// <summary>
/// The destination the use-case load reaches through the users' firewalls: a minimal HTTP/1.1 responder on all
/// addresses (guests behind the bridge reach it at 10.77.0.1, process guests at 127.0.0.1), one answer per connection.
/// </summary>
public sealed class OriginServer : IDisposable
{
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\norigin\n");
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();

    private OriginServer(TcpListener listener)
    {
        _listener = listener;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static OriginServer Start()
    {
        var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start(1024);
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

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                _ = ServeAsync(client, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    private static async Task ServeAsync(TcpClient client, CancellationToken stop)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var seen = new StringBuilder();
                while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, stop).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    seen.Append(Encoding.Latin1.GetString(buffer, 0, read));
                }

                await stream.WriteAsync(Answer, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away.
            }
        }
    }
}
