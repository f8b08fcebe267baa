using System.Net;
using LightVm.Testing;

namespace LightVm.Integration.Tests.Dom0;

public sealed class IdleLifecycleTests
{
    [Fact]
    public async Task Get_AfterPauseAfter_GuestIsPausedAndNextRequestResumesIt()
    {
        await using var platform = await TestPlatform.StartAsync(new TestPolicy("hello") { PauseAfter = "1s", DestroyAfter = "5m" });
        using var first = await platform.GetAsync("hello");
        var guestId = Assert.Single(first.Headers.GetValues("X-LightVm-Guest"));

        var paused = await platform.WaitForGuestsAsync(g => g.Count == 1 && g[0].State == "Paused", TimeSpan.FromSeconds(15));
        Assert.Equal(guestId, paused[0].Id.ToString("N"));

        using var next = await platform.GetAsync("hello", "/again");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(guestId, Assert.Single(next.Headers.GetValues("X-LightVm-Guest")));
        Assert.Equal("resumed", Assert.Single(next.Headers.GetValues("X-LightVm-Activation")));
        var running = await platform.WaitForGuestsAsync(g => g.Count == 1 && g[0].State == "Running", TimeSpan.FromSeconds(5));
        Assert.Equal(guestId, running[0].Id.ToString("N"));
    }

    [Fact]
    public async Task Get_AfterDestroyAfter_GuestIsGoneAndNextRequestMakesANewOne()
    {
        await using var platform = await TestPlatform.StartAsync(new TestPolicy("hello") { PauseAfter = "500ms", DestroyAfter = "2s" });
        using var first = await platform.GetAsync("hello");
        var firstGuest = Assert.Single(first.Headers.GetValues("X-LightVm-Guest"));

        // The control view is fed by events and can trail the response: see the guest before waiting for it to go.
        await platform.WaitForGuestsAsync(g => g.Any(x => x.Id.ToString("N") == firstGuest), TimeSpan.FromSeconds(10));
        await platform.WaitForGuestsAsync(g => g.Count == 0, TimeSpan.FromSeconds(20));
        Assert.False(Directory.Exists(Path.Combine(platform.StateDirectory, firstGuest)), "the destroyed guest left its state directory");

        using var next = await platform.GetAsync("hello");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("cold", Assert.Single(next.Headers.GetValues("X-LightVm-Activation")));
        Assert.NotEqual(firstGuest, Assert.Single(next.Headers.GetValues("X-LightVm-Guest")));
    }

    [Fact]
    public async Task Get_AfterGuestProcessDies_GuestIsFailedAndNextRequestGetsANewGuest()
    {
        await using var platform = await TestPlatform.StartAsync(new TestPolicy("hello"));
        using var first = await platform.GetAsync("hello");
        var firstGuest = Assert.Single(first.Headers.GetValues("X-LightVm-Guest"));
        var endpoint = Assert.Single(await platform.WaitForGuestsAsync(g => g.Count > 0, TimeSpan.FromSeconds(10))).Endpoint!;

        // Kill the guest behind the platform's back, as a crash would.
        var pid = GuestPid(endpoint);
        System.Diagnostics.Process.GetProcessById(pid).Kill();

        var failed = await platform.WaitForGuestsAsync(g => g.Any(x => x.State == "Failed"), TimeSpan.FromSeconds(10));
        Assert.Equal(firstGuest, failed.Single(x => x.State == "Failed").Id.ToString("N"));

        using var next = await platform.GetAsync("hello");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.NotEqual(firstGuest, Assert.Single(next.Headers.GetValues("X-LightVm-Guest")));
    }

    /// <summary>The jit-web process listening on the guest's endpoint, found through /proc/net/tcp.</summary>
    private static int GuestPid(Uri endpoint)
    {
        foreach (var pid in Processes.WithCommandLine(RepoPaths.JitWebGuest()))
        {
            var fds = Directory.EnumerateFiles($"/proc/{pid}/fd").Select(f => new FileInfo(f).LinkTarget ?? string.Empty);
            var inodes = fds.Where(t => t.StartsWith("socket:[", StringComparison.Ordinal)).Select(t => t[8..^1]).ToHashSet();
            var address = IPAddress.Parse(endpoint.Host).GetAddressBytes();
            var local = $"{address[3]:X2}{address[2]:X2}{address[1]:X2}{address[0]:X2}:{endpoint.Port:X4}";
            foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts[1] == local && parts[3] == "0A" && inodes.Contains(parts[9]))
                {
                    return pid;
                }
            }
        }

        throw new InvalidOperationException($"No jit-web process listens on {endpoint}.");
    }
}
