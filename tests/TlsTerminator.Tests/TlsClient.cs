using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LightVm.TlsTerminator.Tests;

/// <summary>A test client: TCP, then TLS with SNI, trusting only the given CA (a real chain and name check).</summary>
public sealed class TlsClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;

    private TlsClient(TcpClient tcp, SslStream stream)
    {
        _tcp = tcp;
        Stream = stream;
    }

    public SslStream Stream { get; }

    public static async Task<TlsClient> ConnectAsync(
        IPEndPoint endPoint, string serverName, X509Certificate2 trustedCa, CancellationToken token, List<SslApplicationProtocol>? protocols = null)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(endPoint, token);
            var stream = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await stream.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = serverName,
                    ApplicationProtocols = protocols,
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, trustedCa),
                },
                token);
            return new TlsClient(tcp, stream);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public async Task WriteAsync(string text, CancellationToken token)
    {
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(text), token);
        await Stream.FlushAsync(token);
    }

    /// <summary>Reads until the server ends the stream.</summary>
    public async Task<string> ReadToEndAsync(CancellationToken token)
    {
        using var answer = new MemoryStream();
        await Stream.CopyToAsync(answer, token);
        return Encoding.UTF8.GetString(answer.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _tcp.Dispose();
    }

    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 trustedCa)
    {
        // Name mismatches and a missing certificate fail; chain errors (an untrusted root) are checked against our CA.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trustedCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
