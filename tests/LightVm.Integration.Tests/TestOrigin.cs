using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LightVm.Integration.Tests;

/// <summary>
/// A destination for use-case tests, raw sockets: in <c>http</c> mode it answers each connection's request with 200 and
/// a body naming the request line it received; in <c>echo</c> mode it echoes bytes until the client half-closes.
/// Listens on any address so that guests behind the bridge (10.77.0.1) reach it as well as loopback clients.
/// </summary>
internal sealed class TestOrigin : IDisposable
{
    private readonly TcpListener _listener;
    private readonly bool _echo;
    private readonly CancellationTokenSource _stop = new();

    private TestOrigin(TcpListener listener, bool echo)
    {
        _listener = listener;
        _echo = echo;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static TestOrigin Http() => Start(echo: false);

    public static TestOrigin Echo() => Start(echo: true);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private static TestOrigin Start(bool echo)
    {
        var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var origin = new TestOrigin(listener, echo);
        _ = origin.AcceptAsync();
        return origin;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[8192];
                if (_echo)
                {
                    int read;
                    while ((read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                    {
                        await stream.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                    }

                    return;
                }

                var head = new StringBuilder();
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    head.Append(Encoding.Latin1.GetString(buffer, 0, read));
                }

                var body = "origin saw: " + head.ToString().Split("\r\n")[0] + "\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"), _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away.
            }
        }
    }
}
