using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LightVm.Gateway.Fronts;
using LightVm.Policies.Tls;
using LightVm.Testing;

namespace LightVm.Integration.Tests.Gateway;

/// <summary>
/// TLS termination end to end: real SslStream clients with SNI through the TLS front (<c>--tls</c>), one terminator
/// guest per host name holding that name's certificate, unknown or missing SNI refused, guests that wake after a pause.
/// </summary>
public sealed class TlsFrontTests : IDisposable
{
    private readonly string _certs = Directory.CreateTempSubdirectory("lightvm-tls-it-").FullName;
    private readonly LocalCertificateAuthority _ca;

    public TlsFrontTests()
    {
        _ca = LocalCertificateAuthority.OpenOrCreate(_certs);
    }

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_certs, recursive: true);
    }

    [Fact]
    public async Task Handshake_TwoHostNames_TwoGuestsEachWithItsCertificateColdThenWarm()
    {
        await using var platform = await StartAsync(TestPolicyFor("process", Path.Combine(RepoRoot.Find(), "artifacts", "guests", "tls-terminator", "tls-terminator"), "30s"));
        var front = platform.Front("tls");

        var shopCold = await GetAsync(front, "shop.tls.test");
        var blog = await GetAsync(front, "blog.tls.test");
        var shopWarm = await GetAsync(front, "shop.tls.test");
        var guests = await platform.WaitForGuestsAsync(g => g.Count == 2, TimeSpan.FromSeconds(10));

        Assert.Equal("CN=shop.tls.test", shopCold.Subject);
        Assert.Contains("hello from shop.tls.test over TLS", shopCold.Body, StringComparison.Ordinal);
        Assert.Equal("CN=blog.tls.test", blog.Subject);
        Assert.Contains("hello from blog.tls.test over TLS", blog.Body, StringComparison.Ordinal);
        Assert.Equal(GuestOf(shopCold.Body), GuestOf(shopWarm.Body));
        Assert.NotEqual(GuestOf(shopCold.Body), GuestOf(blog.Body));
        Assert.Equal(["blog-tls-test.tls", "shop-tls-test.tls"], guests.Select(g => g.Service).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("unknown.tls.test")]
    [InlineData("")]
    public async Task Handshake_UnknownOrMissingSni_RefusedAndNoGuest(string serverName)
    {
        await using var platform = await StartAsync(TestPolicyFor("process", Path.Combine(RepoRoot.Find(), "artifacts", "guests", "tls-terminator", "tls-terminator"), "30s"));

        var e = await Assert.ThrowsAnyAsync<Exception>(() => GetAsync(platform.Front("tls"), serverName));

        Assert.True(e is System.Security.Authentication.AuthenticationException or IOException, e.ToString());
        Assert.Empty(await platform.GuestsAsync());
    }

    [Fact]
    public async Task Handshake_AfterTheGuestPaused_WakesOnTheNextConnection()
    {
        await using var platform = await StartAsync(TestPolicyFor("process", Path.Combine(RepoRoot.Find(), "artifacts", "guests", "tls-terminator", "tls-terminator"), "1s"));
        var front = platform.Front("tls");

        var first = await GetAsync(front, "shop.tls.test");
        await platform.WaitForGuestsAsync(g => g.Count == 1 && g[0].State == "Paused", TimeSpan.FromSeconds(15));
        var afterPause = await GetAsync(front, "shop.tls.test");

        Assert.Equal(GuestOf(first.Body), GuestOf(afterPause.Body));
    }

    [Theory]
    [InlineData("oci")]
    [InlineData("uml")]
    [InlineData("qemu")]
    public async Task Handshake_TinyxTerminatorOnIsolatedDriver_ServesEachHostWithItsCertificate(string driver)
    {
        await using var platform = await StartAsync(TestPolicyFor(driver, RepoPaths.TinyxImage("tls-terminator"), "30s"));
        var front = platform.Front("tls");

        var shop = await GetAsync(front, "shop.tls.test");
        var blog = await GetAsync(front, "blog.tls.test");
        var guests = await platform.WaitForGuestsAsync(g => g.Count == 2, TimeSpan.FromSeconds(10));

        Assert.Equal("CN=shop.tls.test", shop.Subject);
        Assert.Equal("CN=blog.tls.test", blog.Subject);
        Assert.Contains("hello from blog.tls.test over TLS", blog.Body, StringComparison.Ordinal);
        Assert.All(guests, g => Assert.Equal(driver, g.Driver));
    }

    private static string GuestOf(string body) => body[(body.IndexOf("(guest ", StringComparison.Ordinal) + 7)..body.IndexOf(')', StringComparison.Ordinal)];

    private TestPolicy TestPolicyFor(string driver, string image, string pauseAfter)
    {
        var shop = _ca.Issue("shop.tls.test");
        var blog = _ca.Issue("blog.tls.test");
        return new TestPolicy("tls")
        {
            Image = image,
            Driver = driver,
            Port = 8443,
            PauseAfter = pauseAfter,
            StartTimeout = driver == "qemu" ? "90s" : "30s", // a cold QEMU guest under TCG boots on the request path
            Extra = $"""
                instancePer: host
                hosts:
                  - {"{"} name: shop.tls.test, cert: {shop.CertificatePath}, key: {shop.KeyPath} {"}"}
                  - {"{"} name: blog.tls.test, cert: {blog.CertificatePath}, key: {blog.KeyPath} {"}"}

                """,
        };
    }

    private static Task<TestPlatform> StartAsync(TestPolicy policy) =>
        TestPlatform.StartAsync(new FrontSettings { Tls = new IPEndPoint(IPAddress.Loopback, 0) }, policy);

    /// <summary>One HTTPS GET over a raw SslStream: the certificate subject the guest presented, and the response.</summary>
    private async Task<(string Subject, string Body)> GetAsync(IPEndPoint front, string serverName)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(front);
        using var ssl = new SslStream(client.GetStream());
        using var caPublic = X509CertificateLoader.LoadCertificate(_ca.Certificate.RawData);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (certificate is null || chain is null)
                {
                    return false;
                }

                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(caPublic);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                return chain.Build(leaf) && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None;
            },
        }).WaitAsync(TimeSpan.FromSeconds(120));
        var subject = ssl.RemoteCertificate!.Subject;
        await ssl.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {serverName}\r\nConnection: close\r\n\r\n"));
        var body = await new StreamReader(ssl, Encoding.UTF8).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (subject, body);
    }
}
