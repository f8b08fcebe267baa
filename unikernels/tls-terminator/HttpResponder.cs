using System.Globalization;
using LightVm.Guest.Http;

namespace LightVm.TlsTerminator;

/// <summary>
/// HTTP/1.1 over an established TLS stream: keep-alive and pipelining, Content-Length bodies read and thrown
/// away, every well-formed request answered with <see cref="GuestResponses.Hello"/>, a malformed one with 400
/// (or 411, 413, 431, 505, as jit-web does) and the connection closed.
/// </summary>
public sealed class HttpResponder
{
    /// <summary>Bodies up to this size are read and discarded; a larger Content-Length gets 413.</summary>
    public const long MaxBodyBytes = 8L * 1024 * 1024;

    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(1);

    private readonly GuestResponses _responses;

    public HttpResponder(GuestResponses responses) => _responses = responses;

    /// <summary>Serves requests until the client closes, stalls or sends a bad one; returns the outcome to log.</summary>
    public async Task<string> ServeAsync(Stream stream)
    {
        var buffer = new byte[HttpRequestParser.MaxHeadBytes];
        using var timer = new CancellationTokenSource();
        var served = 0;
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
                    return await FailAsync(stream, HttpStatus.HeaderFieldsTooLarge, served, buffer, timer);
                }

                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                var read = await ReadAsync(stream, buffer.AsMemory(end), end == 0 ? IdleTimeout : RequestTimeout, timer);
                if (read == 0)
                {
                    return Served(served, end == 0 ? "client closed" : "client closed mid-request");
                }

                end += read;
                continue;
            }

            if (!HttpRequestParser.TryParse(buffer.AsSpan(start, headLength), out var request, out var errorStatus))
            {
                return await FailAsync(stream, errorStatus, served, buffer, timer);
            }

            start += headLength;
            if (request.ContentLength > MaxBodyBytes)
            {
                return await FailAsync(stream, HttpStatus.ContentTooLarge, served, buffer, timer);
            }

            // Discard the body: first what is already buffered, then straight from the stream.
            var remaining = request.ContentLength;
            var buffered = (int)Math.Min(remaining, end - start);
            start += buffered;
            remaining -= buffered;
            while (remaining > 0)
            {
                var read = await ReadAsync(stream, buffer, RequestTimeout, timer);
                if (read == 0)
                {
                    return Served(served, "client closed mid-body");
                }

                var used = (int)Math.Min(remaining, read);
                remaining -= used;
                (start, end) = (used, read);
            }

            if (start == end)
            {
                start = end = 0;
            }

            await WriteAsync(stream, _responses.Hello(request), timer);
            served++;
            if (!request.KeepAlive)
            {
                return Served(served, "closed after response");
            }
        }
    }

    private static string Served(int served, string how) =>
        string.Create(CultureInfo.InvariantCulture, $"served {served} request{(served == 1 ? string.Empty : "s")}, {how}");

    private static async Task<int> ReadAsync(Stream stream, Memory<byte> into, TimeSpan timeout, CancellationTokenSource timer)
    {
        timer.CancelAfter(timeout);
        var read = await stream.ReadAsync(into, timer.Token);
        timer.CancelAfter(Timeout.InfiniteTimeSpan);
        return read;
    }

    private static async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> data, CancellationTokenSource timer)
    {
        timer.CancelAfter(RequestTimeout);
        await stream.WriteAsync(data, timer.Token);
        await stream.FlushAsync(timer.Token);
        timer.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sends an error, then drains a little so that the client still reads it (no reset from unread input).</summary>
    private async Task<string> FailAsync(Stream stream, int status, int served, byte[] buffer, CancellationTokenSource timer)
    {
        await WriteAsync(stream, _responses.Error(status), timer);
        if (stream is System.Net.Security.SslStream tls)
        {
            await tls.ShutdownAsync(); // close_notify: the client sees a clean end after the error.
        }

        long drained = 0;
        try
        {
            while (drained < MaxBodyBytes && await ReadAsync(stream, buffer, LingerTimeout, timer) is var read and > 0)
            {
                drained += read;
            }
        }
        catch (OperationCanceledException)
        {
            // The client neither closed nor sent more within the linger time: close now.
        }

        return Served(served, string.Create(CultureInfo.InvariantCulture, $"answered {status} {HttpStatus.Reason(status)}"));
    }
}
