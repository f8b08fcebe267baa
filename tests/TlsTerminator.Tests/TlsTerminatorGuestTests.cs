using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using LightVm.Noxs;
using LightVm.Policies.Tls;
using Xunit.Abstractions;

namespace LightVm.TlsTerminator.Tests;

/// <summary>The contract between the platform and the tls-terminator guest, tested on the published binary with a real page.</summary>
public sealed class TlsTerminatorGuestTests : IDisposable
{
    private const string Hostname = "secure.localhost";
    private static readonly IPAddress GuestAddress = IPAddress.Parse("127.77.201.2");
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(10);

    private readonly ITestOutputHelper _output;
    private readonly TestCertificates _certificates = new();
    private readonly TlsMaterial _material;

    public TlsTerminatorGuestTests(ITestOutputHelper output)
    {
        _output = output;
        _material = _certificates.Issue(Hostname);
    }

    [Fact]
    public void Page_P256LeafCaChainAndKey_FitsOneDevicePage()
    {
        var config = Config(_material, port: 443, backend: "10.0.0.5:8080");

        var size = DevicePageWriter.Serialize(TlsTerminatorGuest.Page(Guid.NewGuid(), GuestAddress, config)).Length;

        _output.WriteLine($"page with leaf + CA + key, port and backend: {size} bytes of {DevicePageLayout.MaxPageSize}");
        Assert.InRange(size, 1, DevicePageLayout.MaxPageSize);
    }

    [Fact]
    public async Task Get_ValidPage_Answers200WithHostHeaderOverTls()
    {
        var guestId = Guid.NewGuid();
        using var guest = TlsTerminatorGuest.Start();
        var endPoint = await StartServingAsync(guest, guestId, Config(_material));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await using var client = await TlsClient.ConnectAsync(endPoint, Hostname, CaCertificate(), cancel.Token);
        await client.WriteAsync($"GET /x HTTP/1.1\r\nHost: {Hostname}\r\nConnection: close\r\n\r\n", cancel.Token);
        var answer = await client.ReadToEndAsync(cancel.Token);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer, StringComparison.Ordinal);
        Assert.Contains($"X-LightVm-Host: {Hostname}\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain", answer, StringComparison.Ordinal);
        Assert.EndsWith($"\r\n\r\nhello from {Hostname} over TLS (guest {guestId})\n", answer, StringComparison.Ordinal);
        Assert.Contains($"serving https://{Hostname} on {endPoint}", guest.Stdout, StringComparison.Ordinal);
        await AssertLoggedAsync(guest, $"tls-terminator: {Hostname} ", "TLSv1.", "served 1 request");
    }

    [Fact]
    public async Task KeepAlive_PostWithBodyThenGet_BothAnswered()
    {
        using var guest = TlsTerminatorGuest.Start();
        var endPoint = await StartServingAsync(guest, Guid.NewGuid(), Config(_material));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await using var client = await TlsClient.ConnectAsync(endPoint, Hostname, CaCertificate(), cancel.Token);
        await client.WriteAsync(
            $"POST /a HTTP/1.1\r\nHost: {Hostname}\r\nContent-Length: 5\r\n\r\nhello"
            + $"GET /b HTTP/1.1\r\nHost: {Hostname}\r\nConnection: close\r\n\r\n",
            cancel.Token);
        var answer = await client.ReadToEndAsync(cancel.Token);

        Assert.Equal(2, answer.Split("HTTP/1.1 200 OK\r\n").Length - 1);
        await AssertLoggedAsync(guest, "served 2 requests");
    }

    [Fact]
    public async Task Alpn_ClientOffersOnlyHttp10_Answered()
    {
        using var guest = TlsTerminatorGuest.Start();
        var endPoint = await StartServingAsync(guest, Guid.NewGuid(), Config(_material));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await using var client = await TlsClient.ConnectAsync(endPoint, Hostname, CaCertificate(), cancel.Token, [new SslApplicationProtocol("http/1.0")]);
        await client.WriteAsync($"GET / HTTP/1.0\r\nHost: {Hostname}\r\n\r\n", cancel.Token);
        var answer = await client.ReadToEndAsync(cancel.Token);

        Assert.Equal("http/1.0", client.Stream.NegotiatedApplicationProtocol.ToString());
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_Malformed_Gets400AndClose()
    {
        using var guest = TlsTerminatorGuest.Start();
        var endPoint = await StartServingAsync(guest, Guid.NewGuid(), Config(_material));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await using var client = await TlsClient.ConnectAsync(endPoint, Hostname, CaCertificate(), cancel.Token);
        await client.WriteAsync("GARBAGE\r\nHost: x\r\n\r\n", cancel.Token);
        var answer = await client.ReadToEndAsync(cancel.Token);

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n", answer, StringComparison.Ordinal);
        await AssertLoggedAsync(guest, "answered 400 Bad Request");
    }

    [Fact]
    public async Task Backend_EchoServer_BytesRelayedBothWaysWithHalfClose()
    {
        using var echo = new EchoServer();
        using var guest = TlsTerminatorGuest.Start();
        var endPoint = await StartServingAsync(guest, Guid.NewGuid(), Config(_material, backend: echo.EndPoint.ToString()));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await using var client = await TlsClient.ConnectAsync(endPoint, Hostname, CaCertificate(), cancel.Token);
        await client.WriteAsync("ping one\n", cancel.Token);
        await client.WriteAsync("ping two\n", cancel.Token);
        await client.Stream.ShutdownAsync(); // close_notify: our write side ends, we keep reading.
        var answer = await client.ReadToEndAsync(cancel.Token);

        Assert.Equal("ping one\nping two\n", answer);
        Assert.Equal(1, echo.Connections);
        await AssertLoggedAsync(guest, $"relayed to {echo.EndPoint}: 18 bytes up, 18 bytes down");
    }

    [Fact]
    public async Task Backend_Unreachable_LoggedAndGuestKeepsServing()
    {
        var closedPort = GuestProcess.FreePort(IPAddress.Loopback);
        using var guest = TlsTerminatorGuest.Start();
        var endPoint = await StartServingAsync(guest, Guid.NewGuid(), Config(_material, backend: $"127.0.0.1:{closedPort}"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await using (var client = await TlsClient.ConnectAsync(endPoint, Hostname, CaCertificate(), cancel.Token))
        {
            Assert.Equal(string.Empty, await client.ReadToEndAsync(cancel.Token));
        }

        await AssertLoggedAsync(guest, "unreachable (ConnectionRefused)");
        await using var again = await TlsClient.ConnectAsync(endPoint, Hostname, CaCertificate(), cancel.Token);
    }

    [Fact]
    public async Task Handshake_WrongSni_RefusedLoggedAndGuestKeepsServing()
    {
        using var guest = TlsTerminatorGuest.Start();
        var endPoint = await StartServingAsync(guest, Guid.NewGuid(), Config(_material));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var wrong = await TlsClient.ConnectAsync(endPoint, "other.localhost", CaCertificate(), cancel.Token);
        });

        await AssertLoggedAsync(guest, "handshake failed: wrong SNI 'other.localhost'");
        await using var client = await TlsClient.ConnectAsync(endPoint, Hostname, CaCertificate(), cancel.Token);
        Assert.Equal(SslProtocols.Tls13, client.Stream.SslProtocol);
    }

    [Fact]
    public async Task Handshake_ClientGivesUp_LoggedAndGuestKeepsServing()
    {
        using var guest = TlsTerminatorGuest.Start();
        var endPoint = await StartServingAsync(guest, Guid.NewGuid(), Config(_material));
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync(endPoint);
            await tcp.GetStream().WriteAsync("not a client hello"u8.ToArray());
        }

        await AssertLoggedAsync(guest, "handshake failed:");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var client = await TlsClient.ConnectAsync(endPoint, Hostname, CaCertificate(), cancel.Token);
    }

    [Fact]
    public async Task Go_KeyOfAnotherCertificate_ExitsTwoWithoutKeyText()
    {
        var other = _certificates.Issue("other.localhost");
        using var guest = TlsTerminatorGuest.Start();
        guest.WritePage(TlsTerminatorGuest.Page(Guid.NewGuid(), GuestAddress, Config(_material with { KeyPem = other.KeyPem })));

        guest.Go();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(10)), "tls-terminator did not exit on a mismatched key.");
        Assert.Equal(2, guest.ExitCode);
        Assert.Contains("'key' does not match the certificate", guest.Stderr, StringComparison.Ordinal);
        AssertNoKeyText(other.KeyPem, guest.Stderr + guest.Stdout);
    }

    [Fact]
    public async Task Go_GarbageKey_ExitsTwoWithoutKeyText()
    {
        const string garbage = "-----BEGIN PRIVATE KEY----- U2VjcmV0U2VjcmV0U2VjcmV0 -----END PRIVATE KEY-----";
        using var guest = TlsTerminatorGuest.Start();
        var config = new Dictionary<string, string>(Config(_material)) { [PageKeys.Key] = garbage };
        guest.WritePage(TlsTerminatorGuest.Page(Guid.NewGuid(), GuestAddress, config));

        guest.Go();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(10)), "tls-terminator did not exit on a garbage key.");
        Assert.Equal(2, guest.ExitCode);
        Assert.Contains("'key' is not a valid unencrypted ECDSA private key", guest.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("U2VjcmV0", guest.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other.localhost")]
    [InlineData("not a host name")]
    public async Task Go_CertificateForAnotherHostname_ExitsTwo(string hostname)
    {
        using var guest = TlsTerminatorGuest.Start();
        var config = new Dictionary<string, string>(Config(_material)) { [PageKeys.Hostname] = hostname };
        guest.WritePage(TlsTerminatorGuest.Page(Guid.NewGuid(), GuestAddress, config));

        guest.Go();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(10)), "tls-terminator did not exit on a certificate for another name.");
        Assert.Equal(2, guest.ExitCode);
        Assert.Contains($"'cert' is not valid for the host name '{hostname}'", guest.Stderr, StringComparison.Ordinal);
        AssertNoKeyText(_material.KeyPem, guest.Stderr);
    }

    [Fact]
    public async Task Go_PageWithoutCert_ExitsTwo()
    {
        using var guest = TlsTerminatorGuest.Start();
        var config = new Dictionary<string, string>(Config(_material));
        config.Remove(PageKeys.Certificate);
        guest.WritePage(TlsTerminatorGuest.Page(Guid.NewGuid(), GuestAddress, config));

        guest.Go();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(10)), "tls-terminator did not exit without a certificate.");
        Assert.Equal(2, guest.ExitCode);
        Assert.Contains("no 'cert' in its config", guest.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("backend:http")]
    [InlineData("::1")]
    public async Task Go_BackendNotHostPort_ExitsTwo(string backend)
    {
        using var guest = TlsTerminatorGuest.Start();
        guest.WritePage(TlsTerminatorGuest.Page(Guid.NewGuid(), GuestAddress, Config(_material, backend: backend)));

        guest.Go();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(10)), "tls-terminator did not exit on a bad backend.");
        Assert.Equal(2, guest.ExitCode);
        Assert.Contains($"'backend' is '{backend}', not", guest.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poweroff_NewGenerationWithSysctl_ExitsZeroAndSaysSo()
    {
        var guestId = Guid.NewGuid();
        using var guest = TlsTerminatorGuest.Start();
        var config = Config(_material);
        await StartServingAsync(guest, guestId, config);

        guest.WritePage(TlsTerminatorGuest.Page(guestId, GuestAddress, config) with { Generation = 2, Sysctl = SysctlRequest.Poweroff });

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(10)), $"tls-terminator did not power off within 10 s; stderr: {guest.Stderr}");
        Assert.Equal(0, guest.ExitCode);
        Assert.Contains("tls-terminator: poweroff requested by host (generation 2)", guest.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdin_ClosedByHost_ProcessExitsZero()
    {
        using var guest = TlsTerminatorGuest.Start();
        await StartServingAsync(guest, Guid.NewGuid(), Config(_material));

        guest.CloseStandardInput();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(5)), "tls-terminator outlived its host's stdin by 5 s.");
        Assert.Equal(0, guest.ExitCode);
    }

    public void Dispose() => _certificates.Dispose();

    private static Dictionary<string, string> Config(TlsMaterial material, int? port = null, string? backend = null)
    {
        var config = new Dictionary<string, string>(material.ToPageConfig())
        {
            [PageKeys.Port] = (port ?? GuestProcess.FreePort(GuestAddress)).ToString(CultureInfo.InvariantCulture),
        };
        if (backend is not null)
        {
            config[PageKeys.Backend] = backend;
        }

        return config;
    }

    private static async Task<IPEndPoint> StartServingAsync(GuestProcess guest, Guid guestId, Dictionary<string, string> config)
    {
        var endPoint = new IPEndPoint(GuestAddress, int.Parse(config[PageKeys.Port], CultureInfo.InvariantCulture));
        guest.WritePage(TlsTerminatorGuest.Page(guestId, GuestAddress, config));
        guest.Go();
        await guest.WaitUntilListeningAsync(endPoint, ListenTimeout);
        return endPoint;
    }

    /// <summary>The connection line comes after the client sees the end: wait a little for it.</summary>
    private static async Task AssertLoggedAsync(GuestProcess guest, params string[] parts)
    {
        for (var i = 0; i < 100; i++)
        {
            if (guest.Stdout.Split('\n').Any(line => parts.All(p => line.Contains(p, StringComparison.Ordinal))))
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"No stdout line has all of [{string.Join(" | ", parts)}]; stdout: {guest.Stdout}");
    }

    private static void AssertNoKeyText(string keyPem, string output)
    {
        foreach (var line in keyPem.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(line, output, StringComparison.Ordinal);
        }
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2 CaCertificate() =>
        System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(_certificates.Authority.Certificate.RawData);
}
