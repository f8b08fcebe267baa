using System.Net;
using LightVm.Noxs;

namespace LightVm.Integration.Tests.Gateway;

public sealed class ColdStartTests
{
    [Fact]
    public async Task Get_FirstRequest_SpinsUpGuestAndAnswersWithServerTiming()
    {
        await using var platform = await TestPlatform.StartAsync(new TestPolicy("hello"));

        using var response = await platform.GetAsync("hello", "/first");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var timing = Assert.Single(response.Headers.GetValues("Server-Timing"));
        foreach (var phase in new[] { "queue;dur=", "shell;dur=", "execute;dur=", "ready;dur=", "proxy;dur=" })
        {
            Assert.Contains(phase, timing, StringComparison.Ordinal);
        }

        Assert.Equal("cold", Assert.Single(response.Headers.GetValues("X-LightVm-Activation")));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"service\":\"hello\"", body, StringComparison.Ordinal);
        Assert.Contains("\"path\":\"/first\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_SecondRequest_IsServedWarmBySameGuest()
    {
        await using var platform = await TestPlatform.StartAsync(new TestPolicy("hello"));
        using var cold = await platform.GetAsync("hello");

        using var warm = await platform.GetAsync("hello");

        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        Assert.Equal("warm", Assert.Single(warm.Headers.GetValues("X-LightVm-Activation")));
        Assert.Equal(Assert.Single(cold.Headers.GetValues("X-LightVm-Guest")), Assert.Single(warm.Headers.GetValues("X-LightVm-Guest")));
        var guest = Assert.Single(await platform.WaitForGuestsAsync(g => g.Count > 0, TimeSpan.FromSeconds(10)));
        Assert.Equal("Running", guest.State);
        Assert.Equal("hello", guest.Service);
        Assert.Equal("process", guest.Driver);
    }

    [Fact]
    public async Task Get_FiftyConcurrentColdRequests_OneGuestAnswersAll()
    {
        await using var platform = await TestPlatform.StartAsync(new TestPolicy("hello") { Pool = 0, MaxHeld = 100, StartTimeout = "20s" });

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => platform.GetAsync("hello", $"/r{i}")));

        try
        {
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var guestIds = responses.Select(r => Assert.Single(r.Headers.GetValues("X-LightVm-Guest"))).Distinct().ToList();
            Assert.Single(guestIds);
            Assert.Single(await platform.WaitForGuestsAsync(g => g.Count > 0, TimeSpan.FromSeconds(10)));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Get_UnknownService_Returns404ThatSaysSo()
    {
        await using var platform = await TestPlatform.StartAsync(new TestPolicy("hello"));

        using var response = await platform.GetAsync("nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("No service named 'nope'", body, StringComparison.Ordinal);
        Assert.Empty(await platform.GuestsAsync());
    }

    [Fact]
    public async Task Get_GuestNeverReady_Returns503WithRetryAfterAndLeaksNoProcess()
    {
        var directory = Directory.CreateTempSubdirectory("lightvm-never-").FullName;
        var script = Path.Combine(directory, "never-ready.sh");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\n# says it waits, then reads nothing and listens nowhere\necho '{GuestLink.WaitingLine}'\nwhile true; do sleep 1; done\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            await using (var platform = await TestPlatform.StartAsync(new TestPolicy("stuck") { Image = script, Pool = 0, StartTimeout = "1s" }))
            {
                using var response = await platform.GetAsync("stuck");

                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.NotNull(response.Headers.RetryAfter);
                Assert.Contains("startTimeout", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.True(await Processes.WaitUntilNoneAsync(script, TimeSpan.FromSeconds(10)), "the never-ready guest's process was left running");
                Assert.Empty(await platform.GuestsAsync());
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
