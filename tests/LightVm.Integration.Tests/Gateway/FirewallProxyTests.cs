using System.Net;
using System.Net.Sockets;
using System.Text;
using LightVm.Gateway.Fronts;
using LightVm.Testing;

namespace LightVm.Integration.Tests.Gateway;

/// <summary>
/// Personal firewalls end to end: real HTTP clients through the proxy front (<c>--proxy</c>), one firewall guest per
/// authenticated user, the user's rules applied in that guest, 407 for a wrong token without any guest.
/// </summary>
public sealed class FirewallProxyTests : IDisposable
{
    private readonly TestOrigin _origin = TestOrigin.Http();
    private readonly TestOrigin _echo = TestOrigin.Echo();
    private readonly TestOrigin _other = TestOrigin.Http();

    public void Dispose()
    {
        _origin.Dispose();
        _echo.Dispose();
        _other.Dispose();
    }

    [Fact]
    public async Task Get_AllowedThroughAlicesFirewall_ColdThenWarmOnTheSameGuest()
    {
        await using var platform = await StartAsync("127.0.0.1");
        using var alice = Client(platform, "alice", "a-token");

        var cold = await alice.GetStringAsync(Url("127.0.0.1", _origin.Port, "/first"));
        var guests = await platform.WaitForGuestsAsync(g => g.Count == 1, TimeSpan.FromSeconds(10));
        var warm = await alice.GetStringAsync(Url("127.0.0.1", _origin.Port, "/second"));

        Assert.Equal("origin saw: GET /first HTTP/1.1\n", cold);
        Assert.Equal("origin saw: GET /second HTTP/1.1\n", warm);
        Assert.Equal("alice.fw", guests[0].Service);
        Assert.Single(await platform.GuestsAsync());
    }

    [Fact]
    public async Task Get_DeniedByHostAndByPort_403NamingTheRule()
    {
        await using var platform = await StartAsync("127.0.0.1");
        using var alice = Client(platform, "alice", "a-token");

        using var byHost = await alice.GetAsync("http://ads.blocked.test/banner");
        using var byPort = await alice.GetAsync(Url("127.0.0.1", _other.Port, "/"));

        Assert.Equal(HttpStatusCode.Forbidden, byHost.StatusCode);
        Assert.Contains("rule 1", Assert.Single(byHost.Headers.GetValues("X-LightVm-Rule")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byPort.StatusCode);
        Assert.Contains("rule 3", Assert.Single(byPort.Headers.GetValues("X-LightVm-Rule")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_AllowedAndDenied_TunnelEchoesOrIsRefused()
    {
        await using var platform = await StartAsync("127.0.0.1");
        var front = platform.Front("proxy");

        var (allowedStatus, echoed) = await ConnectAsync(front, "alice", "a-token", $"127.0.0.1:{_echo.Port}", "ping through the tunnel");
        var (deniedStatus, _) = await ConnectAsync(front, "alice", "a-token", $"127.0.0.1:{_other.Port}", "never sent");

        Assert.StartsWith("HTTP/1.1 200", allowedStatus, StringComparison.Ordinal);
        Assert.Equal("ping through the tunnel", echoed);
        Assert.StartsWith("HTTP/1.1 403", deniedStatus, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WrongOrMissingToken_407AndNoGuest()
    {
        await using var platform = await StartAsync("127.0.0.1");
        using var mallory = Client(platform, "alice", "not-her-token");
        using var raw = new TcpClient();
        await raw.ConnectAsync(platform.Front("proxy"));
        await raw.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"GET {Url("127.0.0.1", _origin.Port, "/")} HTTP/1.1\r\nHost: x\r\n\r\n"));

        using var wrong = await mallory.GetAsync(Url("127.0.0.1", _origin.Port, "/"));
        var missing = await new StreamReader(raw.GetStream()).ReadToEndAsync();

        Assert.Equal(HttpStatusCode.ProxyAuthenticationRequired, wrong.StatusCode);
        Assert.StartsWith("HTTP/1.1 407", missing, StringComparison.Ordinal);
        Assert.Contains("Proxy-Authenticate: Basic", missing, StringComparison.Ordinal);
        Assert.Empty(await platform.GuestsAsync());
    }

    [Fact]
    public async Task Get_TwoUsers_EachHasOwnGuestAndOwnRules()
    {
        await using var platform = await StartAsync("127.0.0.1");
        using var alice = Client(platform, "alice", "a-token");
        using var bob = Client(platform, "bob", "b-token");

        using var forAlice = await alice.GetAsync(Url("127.0.0.1", _origin.Port, "/"));
        using var forBob = await bob.GetAsync(Url("127.0.0.1", _origin.Port, "/"));
        var guests = await platform.WaitForGuestsAsync(g => g.Count == 2, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, forAlice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forBob.StatusCode);
        Assert.Equal(["alice.fw", "bob.fw"], guests.Select(g => g.Service).Order(StringComparer.Ordinal));
        Assert.NotEqual(guests[0].Endpoint, guests[1].Endpoint);
    }

    [Fact]
    public async Task Get_AfterTheFirewallPaused_WakesOnTheNextFlow()
    {
        await using var platform = await StartAsync("127.0.0.1", pauseAfter: "1s");
        using var alice = Client(platform, "alice", "a-token");

        await alice.GetStringAsync(Url("127.0.0.1", _origin.Port, "/"));
        await platform.WaitForGuestsAsync(g => g.Count == 1 && g[0].State == "Paused", TimeSpan.FromSeconds(15));
        var afterPause = await alice.GetStringAsync(Url("127.0.0.1", _origin.Port, "/again"));

        Assert.Equal("origin saw: GET /again HTTP/1.1\n", afterPause);
        Assert.Equal("Running", Assert.Single(await platform.WaitForGuestsAsync(g => g.Count == 1 && g[0].State == "Running", TimeSpan.FromSeconds(10))).State);
    }

    internal static HttpClient Client(TestPlatform platform, string user, string token) =>
        new(new HttpClientHandler
        {
            Proxy = new WebProxy(new Uri($"http://{platform.Front("proxy")}")) { Credentials = new NetworkCredential(user, token) },
            UseProxy = true,
        })
        { Timeout = TimeSpan.FromSeconds(100) };

    internal static string Url(string host, int port, string path) => $"http://{host}:{port}{path}";

    /// <summary>A CONNECT written by hand with preemptive Basic credentials; returns the status line and what came back through the tunnel.</summary>
    internal static async Task<(string Status, string Echoed)> ConnectAsync(IPEndPoint front, string user, string token, string target, string payload)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(front);
        var stream = client.GetStream();
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{token}"));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\nProxy-Authorization: Basic {credentials}\r\n\r\n"));
        var head = await ReadHeadAsync(stream);
        if (!head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
        {
            return (head.Split("\r\n")[0], string.Empty);
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(payload));
        client.Client.Shutdown(SocketShutdown.Send);
        var echoed = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (head.Split("\r\n")[0], echoed);
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(60)) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    private Task<TestPlatform> StartAsync(string originHost, string pauseAfter = "30s") =>
        TestPlatform.StartAsync(
            new FrontSettings { Proxy = new IPEndPoint(IPAddress.Loopback, 0) },
            new TestPolicy("fw")
            {
                Image = Path.Combine(RepoRoot.Find(), "artifacts", "guests", "firewall", "firewall"),
                Port = 3128,
                PauseAfter = pauseAfter,
                Extra = $"""
                    instancePer: user
                    rules: |
                      deny host *.blocked.test
                      allow host {originHost} port {_origin.Port},{_echo.Port}
                      deny
                    users:
                      alice: {"{"} token: a-token {"}"}
                      bob: {"{"} token: b-token, rules: ["deny host {originHost}", "allow"] {"}"}

                    """,
            });
}
