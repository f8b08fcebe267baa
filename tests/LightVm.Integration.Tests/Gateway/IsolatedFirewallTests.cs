using System.Net;
using LightVm.Gateway.Fronts;
using LightVm.Testing;

namespace LightVm.Integration.Tests.Gateway;

/// <summary>
/// Personal firewalls on the isolating drivers, with the Tinyx firewall image: each user's guest has its own NIC on
/// the bridge (bridge port isolation), reaches destinations through the host's bridge address, and cannot reach
/// another user's guest even when the user's own rules allow everything.
/// </summary>
public sealed class IsolatedFirewallTests : IDisposable
{
    private const string HostOnBridge = "10.77.0.1";
    private readonly TestOrigin _origin = TestOrigin.Http();

    public void Dispose() => _origin.Dispose();

    [Theory]
    [InlineData("oci")]
    [InlineData("uml")]
    [InlineData("qemu")]
    public async Task Get_ThroughUsersFirewall_ColdWarmAndNoWayIntoAnotherUsersGuest(string driver)
    {
        await using var platform = await TestPlatform.StartAsync(
            new FrontSettings { Proxy = new IPEndPoint(IPAddress.Loopback, 0) },
            new TestPolicy("fw")
            {
                Image = RepoPaths.TinyxImage("firewall"),
                Driver = driver,
                Port = 3128,
                StartTimeout = driver == "qemu" ? "90s" : "30s", // a cold QEMU guest under TCG boots on the request path
                Extra = """
                    instancePer: user
                    rules: ["allow"]
                    users:
                      alice: { token: a-token }
                      bob: { token: b-token }

                    """,
            });
        using var alice = FirewallProxyTests.Client(platform, "alice", "a-token");
        using var bob = FirewallProxyTests.Client(platform, "bob", "b-token");

        var cold = await alice.GetStringAsync(FirewallProxyTests.Url(HostOnBridge, _origin.Port, "/cold"));
        var warm = await alice.GetStringAsync(FirewallProxyTests.Url(HostOnBridge, _origin.Port, "/warm"));
        var forBob = await bob.GetStringAsync(FirewallProxyTests.Url(HostOnBridge, _origin.Port, "/bob"));
        var guests = await platform.WaitForGuestsAsync(g => g.Count == 2, TimeSpan.FromSeconds(10));
        var bobsGuest = guests.Single(g => g.Service == "bob.fw").Endpoint!;
        var (intoBob, _) = await FirewallProxyTests.ConnectAsync(platform.Front("proxy"), "alice", "a-token", $"{bobsGuest.Host}:{bobsGuest.Port}", "hello bob");

        Assert.Equal("origin saw: GET /cold HTTP/1.1\n", cold);
        Assert.Equal("origin saw: GET /warm HTTP/1.1\n", warm);
        Assert.Equal("origin saw: GET /bob HTTP/1.1\n", forBob);
        Assert.All(guests, g => Assert.Equal(driver, g.Driver));
        Assert.DoesNotContain("200", intoBob, StringComparison.Ordinal);
        Assert.Matches("HTTP/1.1 50[24]", intoBob);
    }
}
