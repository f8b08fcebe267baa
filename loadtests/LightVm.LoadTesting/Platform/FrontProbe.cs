using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using LightVm.LoadTesting.Engine;

namespace LightVm.LoadTesting.Platform;

/// <summary>
/// One flow through a TCP-level front, on a new connection each time, as the use cases' clients make them: an HTTP
/// request through the forward proxy (Basic credentials sent up front, as <c>curl -x user:token@</c> does), a TLS
/// handshake with SNI plus one GET, or a daytime read. First byte and errors are recorded like HTTP probes.
/// </summary>
public static class FrontProbe
{
    public static Task<StepOutcome> ProxyGetAsync(IPEndPoint proxy, string user, string token, Uri url, CancellationToken cancellationToken)
    {
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{token}"));
        var request = Encoding.ASCII.GetBytes(
            $"GET {url} HTTP/1.1\r\nHost: {url.Authority}\r\nProxy-Authorization: Basic {credentials}\r\nConnection: close\r\n\r\n");
        return ExchangeAsync(proxy, stream => Task.FromResult(stream), request, "HTTP/1.1 200", cancellationToken);
    }

    public static Task<StepOutcome> TlsGetAsync(IPEndPoint front, string serverName, CancellationToken cancellationToken)
    {
        var request = Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {serverName}\r\nConnection: close\r\n\r\n");
        return ExchangeAsync(front, async stream =>
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = serverName,
                // The load generator checks which certificate came back (its subject), not the local CA's chain: a
                // chain build per handshake would make the client, on the same 2 cores, the bottleneck.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate?.Subject.Equals("CN=" + serverName, StringComparison.OrdinalIgnoreCase) == true,
            }, cancellationToken).ConfigureAwait(false);
            return (Stream)ssl;
        }, request, "HTTP/1.1 200", cancellationToken);
    }

    public static Task<StepOutcome> DaytimeAsync(IPEndPoint front, CancellationToken cancellationToken) =>
        ExchangeAsync(front, stream => Task.FromResult(stream), [], "", cancellationToken, expectText: "-UTC");

    private static async Task<StepOutcome> ExchangeAsync(
        IPEndPoint endpoint, Func<Stream, Task<Stream>> wrap, byte[] request, string expectPrefix, CancellationToken cancellationToken, string? expectText = null)
    {
        var clock = Stopwatch.StartNew();
        using var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            await using var stream = await wrap(client.GetStream()).ConfigureAwait(false);
            if (request.Length > 0)
            {
                await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var buffer = new byte[4096];
            var received = new StringBuilder();
            TimeSpan? firstByte = null;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                firstByte ??= clock.Elapsed;
                received.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }

            var text = received.ToString();
            if (text.Length == 0)
            {
                return StepOutcome.Failed("closed without an answer");
            }

            if (!text.StartsWith(expectPrefix, StringComparison.Ordinal) || (expectText is not null && !text.Contains(expectText, StringComparison.Ordinal)))
            {
                var first = text.Split("\r\n")[0];
                return StepOutcome.Failed(first.StartsWith("HTTP/", StringComparison.Ordinal) && first.Length >= 12 ? "HTTP " + first[9..12] : "unexpected answer");
            }

            return new StepOutcome { FirstByte = firstByte };
        }
        catch (SocketException e)
        {
            return StepOutcome.Failed(e.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : "socket " + e.SocketErrorCode);
        }
        catch (System.Security.Authentication.AuthenticationException)
        {
            return StepOutcome.Failed("TLS handshake failed");
        }
        catch (IOException)
        {
            return StepOutcome.Failed("connection reset");
        }
    }
}
