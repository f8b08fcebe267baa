using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LightVm.Gateway.Fronts;
using LightVm.Testing;

namespace LightVm.Integration.Tests.Gateway;

/// <summary>
/// A non-HTTP JIT service end to end: the Tinyx daytime image (RFC 867) behind the TCP front, on a container and on a
/// user-mode Linux VM and on a QEMU VM (TCG here); the first connection makes the guest, the second finds it, a paused guest wakes on the next.
/// </summary>
public sealed class DaytimeTcpTests
{
    [Theory]
    [InlineData("oci")]
    [InlineData("uml")]
    [InlineData("qemu")]
    public async Task Connect_Daytime_ColdThenWarmThenResumedEachGivesTheTime(string driver)
    {
        var fronts = new FrontSettings { Tcp = [("daytime", new IPEndPoint(IPAddress.Loopback, 0))] };
        await using var platform = await TestPlatform.StartAsync(fronts, new TestPolicy("daytime")
        {
            Image = RepoPaths.TinyxImage("daytime"),
            Driver = driver,
            Port = 13,
            PauseAfter = "1s",
            StartTimeout = driver == "qemu" ? "90s" : "30s", // a cold QEMU guest under TCG boots on the request path
        });
        var front = platform.Front("tcp:daytime");

        var cold = await DaytimeAsync(front);
        var guest = Assert.Single(await platform.WaitForGuestsAsync(g => g.Count == 1, TimeSpan.FromSeconds(10)));
        var warm = await DaytimeAsync(front);
        await platform.WaitForGuestsAsync(g => g.Count == 1 && g[0].State == "Paused", TimeSpan.FromSeconds(15));
        var resumed = await DaytimeAsync(front);

        Assert.Equal(driver, guest.Driver);
        foreach (var line in new[] { cold, warm, resumed })
        {
            Assert.True(IsTime(line), $"'{line}' is not a daytime line");
        }

        Assert.Equal(guest.Id, Assert.Single(await platform.GuestsAsync()).Id);
    }

    /// <summary>The daytime guest's format, e.g. <c>Friday, November 27, 2026 07:20:00-UTC</c>, for about now.</summary>
    private static bool IsTime(string line) =>
        DateTime.TryParseExact(line.Trim(), "dddd, MMMM d, yyyy HH:mm:ss'-UTC'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
        && Math.Abs((time - DateTime.UtcNow).TotalMinutes) < 10;

    private static async Task<string> DaytimeAsync(IPEndPoint front)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(front);
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(120));
    }
}
