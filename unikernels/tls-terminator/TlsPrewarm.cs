using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LightVm.Guest.Hosting;

namespace LightVm.TlsTerminator;

/// <summary>
/// Work done while the shell waits for its page (the prepare phase), so that little is paid after "go": one
/// TLS handshake over loopback with a throw-away self-signed P-256 certificate loads libssl and libcrypto and
/// fills .NET's caches, above all the system trust store that <see cref="SslStreamCertificateContext.Create(X509Certificate2, X509Certificate2Collection?, bool, SslCertificateTrust?)"/>
/// reads on first use (about 80 ms on a host with /etc/ssl/certs; nothing in a Tinyx image, which has none);
/// the page reader's CRC and the console are <see cref="GuestPrewarm.PageReaderAndConsole"/>'s.
/// </summary>
public static class TlsPrewarm
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    public static void Run()
    {
        try
        {
            HandshakeAsync().Wait(Limit);
        }
        catch (Exception)
        {
            // Prewarming is an optimization: a guest that cannot do it still serves (and a missing libssl is said,
            // clearly, when the page's certificate is loaded).
        }
    }

    private static async Task HandshakeAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=prewarm.invalid", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-1), now.AddMinutes(5));
        var context = SslStreamCertificateContext.Create(certificate, null, offline: true);
        using var cancel = new CancellationTokenSource(Limit);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var connecting = client.ConnectAsync(listener.LocalEndPoint!, cancel.Token);
        using var accepted = await listener.AcceptAsync(cancel.Token);
        await connecting;
        await using var serverTls = new SslStream(new NetworkStream(accepted, ownsSocket: false));
        await using var clientTls = new SslStream(new NetworkStream(client, ownsSocket: false));
        var server = serverTls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, cancel.Token);
        await clientTls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = "prewarm.invalid", RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString() },
            cancel.Token);
        await server;
    }
}
