using System.Net;
using System.Net.Sockets;
using System.Text;
using LightVm.Gateway.Fronts;

namespace LightVm.Integration.Tests.Gateway;

/// <summary>The plain TCP front (<c>--tcp service=addr</c>): connections held while the guest starts, then spliced to it.</summary>
public sealed class TcpFrontTests
{
    [Fact]
    public async Task Connect_ServiceWithoutGuest_FirstConnectionColdSecondWarmSameGuest()
    {
        var fronts = new FrontSettings { Tcp = [("web", new IPEndPoint(IPAddress.Loopback, 0))] };
        await using var platform = await TestPlatform.StartAsync(fronts, new TestPolicy("web"));
        var front = platform.Front("tcp:web");

        var first = await RawGetAsync(front);
        var guests = await platform.WaitForGuestsAsync(g => g.Count == 1, TimeSpan.FromSeconds(10));
        var second = await RawGetAsync(front);

        Assert.StartsWith("HTTP/1.1 200", first, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", second, StringComparison.Ordinal);
        Assert.Contains(guests[0].Id.ToString(), first, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(guests[0].Id.ToString(), second, StringComparison.OrdinalIgnoreCase);
        Assert.Single(await platform.GuestsAsync());
    }

    [Fact]
    public async Task Connect_GuestCannotStart_ConnectionIsResetNotHung()
    {
        var fronts = new FrontSettings { Tcp = [("broken", new IPEndPoint(IPAddress.Loopback, 0))] };
        await using var platform = await TestPlatform.StartAsync(fronts, new TestPolicy("broken") { Image = "/bin/false", Pool = 0, StartTimeout = "2s" });
        using var client = new TcpClient();
        await client.ConnectAsync(platform.Front("tcp:broken"));
        var buffer = new byte[16];

        var outcome = await Record.ExceptionAsync(async () =>
        {
            var read = await client.GetStream().ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, read);
        });

        Assert.True(outcome is null or IOException, $"expected a reset or an end of stream, got {outcome}");
    }

    /// <summary>An HTTP/1.1 request written by hand: the front knows nothing of HTTP, it only splices.</summary>
    private static async Task<string> RawGetAsync(IPEndPoint front)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(front);
        var stream = client.GetStream();
        await stream.WriteAsync("GET /tcp HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
