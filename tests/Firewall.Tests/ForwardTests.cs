using System.Net;
using System.Text;

namespace LightVm.FirewallGuest.Tests;

/// <summary>Absolute-form requests (plain http:// through the proxy), on the published guest.</summary>
public sealed class ForwardTests
{
    [Fact]
    public async Task Get_AllowedHost_RelayedInOriginFormWithConnectionClose()
    {
        using var origin = OriginServer.Start();
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, $"allow host localhost port {origin.Port}");
        using var client = Harness.ClientThrough(proxy);

        using var response = await client.GetAsync(new Uri($"http://localhost:{origin.Port}/hello?x=1"));
        var seen = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Origin")));
        Assert.True(response.Headers.ConnectionClose);
        Assert.False(response.Headers.Contains("Keep-Alive"));
        Assert.StartsWith("GET /hello?x=1 HTTP/1.1\r\n", seen, StringComparison.Ordinal);
        Assert.Contains($"\r\nHost: localhost:{origin.Port}\r\n", seen, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", seen, StringComparison.Ordinal);
        await guest.AssertStdoutEventuallyContainsAsync($"firewall: alice GET localhost:{origin.Port} allow (rule 1 (allow host localhost port {origin.Port})) to 127.0.0.1");
    }

    [Fact]
    public async Task Post_AllowedByCidr_BodyRelayed()
    {
        using var origin = OriginServer.Start();
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "allow cidr 127.0.0.0/8");
        using var client = Harness.ClientThrough(proxy);

        using var content = new StringContent("hello body", Encoding.UTF8, "text/plain");
        using var response = await client.PostAsync(new Uri($"http://127.0.0.1:{origin.Port}/submit"), content);
        var seen = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("POST /submit HTTP/1.1\r\n", seen, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nhello body", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OneMebibyteBody_RelayedBothWaysIntact()
    {
        using var origin = OriginServer.Start();
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "allow host localhost");
        using var client = Harness.ClientThrough(proxy);
        var payload = new byte[1024 * 1024];
        new Random(7).NextBytes(payload);

        using var content = new ByteArrayContent(payload);
        using var response = await client.PostAsync(new Uri($"http://localhost:{origin.Port}/big"), content);
        var seen = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(payload, seen[^payload.Length..]);
    }

    [Fact]
    public async Task Get_ProxyAndHopByHopHeaders_NotSentUpstream()
    {
        using var origin = OriginServer.Start();
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "allow");

        var answer = await Harness.ExchangeAsync(
            proxy,
            $"GET http://127.0.0.1:{origin.Port}/p HTTP/1.1\r\nHost: elsewhere.test\r\nProxy-Authorization: Basic c2VjcmV0\r\n"
            + "Proxy-Connection: keep-alive\r\nConnection: keep-alive, X-Private\r\nX-Private: 1\r\nKeep-Alive: 300\r\nX-Kept: 2\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer, StringComparison.Ordinal);
        var seen = answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Equal(
            $"GET /p HTTP/1.1\r\nHost: 127.0.0.1:{origin.Port}\r\nX-Kept: 2\r\nConnection: close\r\n\r\n",
            seen);
    }

    [Fact]
    public async Task Get_DeniedHost_Gets403WithRule()
    {
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "deny host *.ads.test   # no ads\nallow");
        using var client = Harness.ClientThrough(proxy);

        using var response = await client.GetAsync(new Uri("http://tracker.ads.test/pixel.gif"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("rule 1 (deny host *.ads.test)", Assert.Single(response.Headers.GetValues("X-LightVm-Rule")));
        Assert.Equal("alice", Assert.Single(response.Headers.GetValues("X-LightVm-User")));
        Assert.True(response.Headers.ConnectionClose);
        Assert.Equal("firewall: alice may not reach tracker.ads.test:80: denied by rule 1 (deny host *.ads.test)\n", body);
        await guest.AssertStdoutEventuallyContainsAsync("firewall: alice GET tracker.ads.test:80 deny (rule 1 (deny host *.ads.test))");
    }

    [Fact]
    public async Task Get_DeniedPort_Gets403WithRule()
    {
        using var origin = OriginServer.Start();
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, $"deny port {origin.Port}\nallow host localhost");
        using var client = Harness.ClientThrough(proxy);

        using var response = await client.GetAsync(new Uri($"http://localhost:{origin.Port}/"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"rule 1 (deny port {origin.Port})", Assert.Single(response.Headers.GetValues("X-LightVm-Rule")));
    }

    [Fact]
    public async Task Get_NoRuleMatches_Gets403ByDefault()
    {
        using var origin = OriginServer.Start();
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "allow host localhost port 1-1000");
        using var client = Harness.ClientThrough(proxy);

        using var response = await client.GetAsync(new Uri($"http://localhost:{origin.Port}/"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("default deny", Assert.Single(response.Headers.GetValues("X-LightVm-Rule")));
    }

    [Fact]
    public async Task Get_AllowedButNothingListens_Gets502()
    {
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "allow");
        using var client = Harness.ClientThrough(proxy);

        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{Harness.ClosedPort()}/"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("cannot connect to 127.0.0.1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AllowedNameDoesNotResolve_Gets502()
    {
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "allow");

        var answer = await Harness.ExchangeAsync(proxy, "GET http://no-such-host.invalid/ HTTP/1.1\r\nHost: no-such-host.invalid\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 502 Bad Gateway\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("no-such-host.invalid", answer, StringComparison.Ordinal);
    }
}
