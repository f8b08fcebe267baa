using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using LightVm.Guest.Hosting;

namespace LightVm.TlsTerminator;

/// <summary>
/// The listening socket and the life of each connection: TLS handshake (10 s at most, SNI checked against the
/// certificate), then either <see cref="HttpResponder"/> or <see cref="BackendRelay"/>, then one log line.
/// Nothing a client does can take the server down: a failed connection is logged and closed.
/// </summary>
public sealed class TlsServer : IGuestServer
{
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private static readonly List<SslApplicationProtocol> HttpProtocols = [SslApplicationProtocol.Http11, new("http/1.0")];

    private readonly GuestListener _listener;
    private readonly ServerCertificate _certificate;
    private readonly HttpResponder? _responder;
    private readonly BackendRelay? _relay;
    private readonly TextWriter _log;

    private TlsServer(GuestListener listener, ServerCertificate certificate, HttpResponder? responder, BackendRelay? relay, TextWriter log)
    {
        _listener = listener;
        _certificate = certificate;
        _responder = responder;
        _relay = relay;
        _log = log;
    }

    public EndPoint LocalEndPoint => _listener.LocalEndPoint;

    /// <summary>Binds and listens; throws <see cref="SocketException"/> when the address cannot be had.</summary>
    public static TlsServer Start(GuestSettings settings, ServerCertificate certificate, TextWriter log)
    {
        var listener = GuestListener.Open(settings.Address, settings.Port);
        var responder = settings.Backend is null ? new HttpResponder(new GuestResponses(settings.Hostname, settings.GuestId)) : null;
        var relay = settings.Backend is { } backend ? new BackendRelay(backend) : null;
        return new TlsServer(listener, certificate, responder, relay, log);
    }

    /// <summary>Accepts connections until the listener is disposed; then the certificate, which the server owns, is disposed.</summary>
    public async Task RunAsync()
    {
        using (_certificate)
        {
            await _listener.AcceptAsync(client => _ = ServeAsync(client), error => Log($"{TlsTerminatorApp.AppName}: accept failed: {error}"));
        }
    }

    public void Dispose() => _listener.Dispose();

    private async Task ServeAsync(Socket socket)
    {
        var peer = socket.RemoteEndPoint?.ToString() ?? "?";
        var protocol = "-";
        string outcome;
        try
        {
            socket.NoDelay = true;
            await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            if (await HandshakeAsync(tls) is { } failure)
            {
                outcome = failure;
            }
            else
            {
                protocol = ProtocolName(tls.SslProtocol);
                outcome = _relay is not null ? await _relay.RelayAsync(tls) : await _responder!.ServeAsync(tls);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            outcome = $"connection ended: {ex.GetType().Name}: {ex.Message}";
        }
        catch (Exception ex)
        {
            outcome = $"connection failed: {ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            socket.Dispose();
        }

        Log($"tls-terminator: {_certificate.Hostname} {peer} {protocol} {outcome}");
    }

    /// <summary>Null when the handshake succeeded, else why it did not (for the log).</summary>
    private async Task<string?> HandshakeAsync(SslStream tls)
    {
        using var timeout = new CancellationTokenSource(HandshakeTimeout);
        string? wrongName = null;
        try
        {
            await tls.AuthenticateAsServerAsync(
                (stream, hello, state, token) =>
                {
                    // No SNI at all (a client that dialled the address) is served; a name that is not ours is refused.
                    if (!string.IsNullOrEmpty(hello.ServerName) && !_certificate.Serves(hello.ServerName))
                    {
                        wrongName = Printable(hello.ServerName);
                        throw new AuthenticationException($"wrong SNI '{wrongName}'");
                    }

                    return ValueTask.FromResult(Options());
                },
                null,
                timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"handshake failed: timed out after {HandshakeTimeout.TotalSeconds} s";
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or OperationCanceledException)
        {
            return wrongName is not null
                ? $"handshake failed: wrong SNI '{wrongName}' (serving {_certificate.Hostname})"
                : $"handshake failed: {Innermost(ex).Message}";
        }
    }

    private SslServerAuthenticationOptions Options() => new()
    {
        ServerCertificateContext = _certificate.Context,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,

        // Serving HTTP itself it speaks HTTP/1.x only (so a client offering h2 and http/1.1 picks http/1.1; curl --http1.0
        // offers http/1.0 alone); relaying it does not know the protocol, so it takes part in no ALPN at all.
        ApplicationProtocols = _responder is not null ? HttpProtocols : null,
    };

    /// <summary>A client-chosen name fit for one log line: printable ASCII only, at most 80 characters.</summary>
    private static string Printable(string text)
    {
        var clean = string.Create(Math.Min(text.Length, 80), text, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = source[i] is >= ' ' and <= '~' ? source[i] : '?';
            }
        });
        return text.Length > 80 ? clean + "..." : clean;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    private static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };

    private void Log(string line)
    {
        try
        {
            _log.WriteLine(line);
            _log.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Nobody reads the log any more; serving matters more than saying so.
        }
    }
}
