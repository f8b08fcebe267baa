using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LightVm.LoadTesting.Engine;

namespace LightVm.LoadTesting.Platform;

/// <summary>
/// One GET as a step: the time to the response headers (first byte), the body read, errors classified by kind
/// ("http 503", "timeout", "connection refused", "connection reset", ...), the activation kind as the label
/// and the Server-Timing phases.
/// </summary>
public static class HttpProbe
{
    /// <param name="newConnection">Close the connection after the answer, so every call is a new client's first connection.</param>
    public static async Task<StepOutcome> GetAsync(HttpClient client, Uri url, string? host, CancellationToken cancellationToken, bool newConnection = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (newConnection)
        {
            request.Headers.ConnectionClose = true;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var firstByte = Stopwatch.GetElapsedTime(started);
            await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var activation = response.Headers.TryGetValues("X-LightVm-Activation", out var a) ? a.FirstOrDefault() : null;
            if (!response.IsSuccessStatusCode)
            {
                return new StepOutcome { Error = $"http {(int)response.StatusCode}", Label = $"http {(int)response.StatusCode}", FirstByte = firstByte };
            }

            var timing = response.Headers.TryGetValues("Server-Timing", out var t) ? string.Join(", ", t) : null;
            return new StepOutcome
            {
                Label = activation,
                FirstByte = firstByte,
                PhasesMs = activation is "cold" or "resumed" ? ServerTimingHeader.Parse(timing) : null,
            };
        }
        catch (HttpRequestException e)
        {
            return StepOutcome.Failed(Classify(e));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return StepOutcome.Failed("timeout");
        }
    }

    public static string Classify(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.ConnectionReset => "connection reset",
                    SocketError.TimedOut => "timeout",
                    _ => "socket " + socket.SocketErrorCode.ToString().ToLowerInvariant(),
                };
            }
        }

        return e.StatusCode is { } status ? $"http {(int)status}" : e.HttpRequestError switch
        {
            HttpRequestError.ResponseEnded => "connection closed",
            HttpRequestError.ConnectionError => "connection error",
            _ => "http error: " + e.HttpRequestError,
        };
    }

    public static HttpClient Client(int connections, TimeSpan timeout) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        { Timeout = timeout };
}
