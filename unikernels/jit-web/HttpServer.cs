using System.Buffers;
using System.Net;
using System.Net.Sockets;
using LightVm.Guest.Hosting;
using LightVm.Guest.Http;

namespace LightVm.JitWeb;

/// <summary>
/// HTTP/1.1 on a raw listening socket: one async loop per connection, keep-alive and pipelining, request bodies
/// read and thrown away. Nothing a client sends can take the server down: a bad connection is only closed.
/// </summary>
public sealed class HttpServer : IGuestServer
{
    /// <summary>Bodies up to this size are read and discarded; a larger Content-Length gets 413.</summary>
    public const long MaxBodyBytes = 8L * 1024 * 1024;

    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(1);

    private readonly GuestListener _listener;
    private readonly GuestResponses _responses;

    private HttpServer(GuestListener listener, GuestResponses responses)
    {
        _listener = listener;
        _responses = responses;
    }

    public EndPoint LocalEndPoint => _listener.LocalEndPoint;

    /// <summary>Binds and listens; throws <see cref="SocketException"/> when the address cannot be had.</summary>
    public static HttpServer Start(GuestSettings settings) =>
        new(GuestListener.Open(settings.Address, settings.Port), new GuestResponses(settings));

    /// <summary>Accepts connections until the listener is disposed.</summary>
    public Task RunAsync() =>
        _listener.AcceptAsync(client => _ = ServeAsync(client), error => GuestConsole.Problem($"{JitWebApp.AppName}: accept failed: {error}"));

    public void Dispose() => _listener.Dispose();

    private static async Task<int> ReceiveAsync(Socket socket, Memory<byte> into, TimeSpan timeout, CancellationTokenSource timer)
    {
        timer.CancelAfter(timeout);
        var read = await socket.ReceiveAsync(into, SocketFlags.None, timer.Token);
        timer.CancelAfter(Timeout.InfiniteTimeSpan);
        return read;
    }

    private static async Task SendAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationTokenSource timer)
    {
        timer.CancelAfter(RequestTimeout);
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, timer.Token);
            data = data[sent..];
        }

        timer.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sends an error, then closes so that the client still reads it (no reset from unread input).</summary>
    private static async Task FailAsync(Socket socket, byte[] response, byte[] buffer, CancellationTokenSource timer)
    {
        await SendAsync(socket, response, timer);
        socket.Shutdown(SocketShutdown.Send);
        var drained = 0;
        while (drained < MaxBodyBytes && await ReceiveAsync(socket, buffer, LingerTimeout, timer) is var read and > 0)
        {
            drained += read;
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(HttpRequestParser.MaxHeadBytes);
        using var timer = new CancellationTokenSource();
        try
        {
            socket.NoDelay = true;
            await ServeRequestsAsync(socket, buffer, timer);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The client went away or stalled: nothing to answer.
        }
        catch (Exception ex)
        {
            GuestConsole.Problem($"{JitWebApp.AppName}: connection failed: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            socket.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ServeRequestsAsync(Socket socket, byte[] buffer, CancellationTokenSource timer)
    {
        var window = buffer.AsMemory(0, HttpRequestParser.MaxHeadBytes);
        int start = 0, end = 0;
        while (true)
        {
            // Empty lines before a request line are allowed (RFC 9112, 2.2).
            while (end - start >= 2 && buffer[start] == (byte)'\r' && buffer[start + 1] == (byte)'\n')
            {
                start += 2;
            }

            var headLength = HttpRequestParser.FindHeadEnd(buffer.AsSpan(start, end - start));
            if (headLength < 0)
            {
                if (end - start >= HttpRequestParser.MaxHeadBytes)
                {
                    await FailAsync(socket, _responses.Error(HttpStatus.HeaderFieldsTooLarge), buffer, timer);
                    return;
                }

                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                var read = await ReceiveAsync(socket, window[end..], end == 0 ? IdleTimeout : RequestTimeout, timer);
                if (read == 0)
                {
                    return;
                }

                end += read;
                continue;
            }

            if (!HttpRequestParser.TryParse(buffer.AsSpan(start, headLength), out var request, out var errorStatus))
            {
                await FailAsync(socket, _responses.Error(errorStatus), buffer, timer);
                return;
            }

            start += headLength;
            if (request.ContentLength > MaxBodyBytes)
            {
                await FailAsync(socket, _responses.Error(HttpStatus.ContentTooLarge), buffer, timer);
                return;
            }

            // Discard the body: first what is already buffered, then straight from the socket.
            var remaining = request.ContentLength;
            var buffered = (int)Math.Min(remaining, end - start);
            start += buffered;
            remaining -= buffered;
            while (remaining > 0)
            {
                var read = await ReceiveAsync(socket, window, RequestTimeout, timer);
                if (read == 0)
                {
                    return;
                }

                var used = (int)Math.Min(remaining, read);
                remaining -= used;
                (start, end) = (used, read);
            }

            if (start == end)
            {
                start = end = 0;
            }

            await SendAsync(socket, _responses.Identity(request), timer);
            if (!request.KeepAlive)
            {
                socket.Shutdown(SocketShutdown.Send);
                return;
            }
        }
    }
}
