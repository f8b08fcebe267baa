using System.Diagnostics;

namespace LightVm.Integration.Tests.Cli;

/// <summary><c>lightvm guest</c> as an operator runs it, against a real running platform.</summary>
public sealed class GuestCommandTests
{
    [Fact]
    public async Task Guest_CreateListPauseResumeDestroy_DrivesTheGuestAndListShowsIt()
    {
        await using var platform = await TestPlatform.StartAsync(new TestPolicy("hello"));
        var url = new Uri(platform.Address, "/_lightvm").ToString();

        var created = await LightvmAsync("guest", "create", "hello", "--url", url);
        Assert.Equal(0, created.ExitCode);
        var id = created.Stdout.Split(' ')[0];
        var listed = await LightvmAsync("guest", "list", "--url", url);
        Assert.Contains("ACCEL", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains(" native ", Row(listed, id), StringComparison.Ordinal);

        Assert.Equal(0, (await LightvmAsync("guest", "pause", id, "--url", url)).ExitCode);
        Assert.Contains("Paused", Row(await LightvmAsync("guest", "list", "--url", url), id), StringComparison.Ordinal);
        Assert.Equal(0, (await LightvmAsync("guest", "resume", id, "--url", url)).ExitCode);
        Assert.Contains("Running", Row(await LightvmAsync("guest", "list", "--url", url), id), StringComparison.Ordinal);

        var save = await LightvmAsync("guest", "save", id, "--url", url);
        Assert.Equal(1, save.ExitCode);
        Assert.Contains("cannot save or restore", save.Stderr, StringComparison.Ordinal);
        Assert.Single(save.Stderr.Trim().Split('\n'));

        Assert.Equal(0, (await LightvmAsync("guest", "destroy", id, "--url", url)).ExitCode);
        Assert.DoesNotContain(id, (await LightvmAsync("guest", "list", "--url", url)).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guest_CreatePausedThenUnknownServiceAndBadId_ClearOneLineErrors()
    {
        await using var platform = await TestPlatform.StartAsync(new TestPolicy("hello"));
        var url = new Uri(platform.Address, "/_lightvm").ToString();

        var paused = await LightvmAsync("guest", "create", "hello", "--paused", "--url", url);
        Assert.Equal(0, paused.ExitCode);
        Assert.Contains("Paused", Row(await LightvmAsync("guest", "list", "--url", url), paused.Stdout.Split(' ')[0]), StringComparison.Ordinal);

        var unknown = await LightvmAsync("guest", "create", "nope", "--url", url);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no service named 'nope'", unknown.Stderr, StringComparison.Ordinal);

        var badId = await LightvmAsync("guest", "pause", "not-an-id", "--url", url);
        Assert.Equal(1, badId.ExitCode);
        Assert.Contains("is not a guest id", badId.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guest_PoolResizeThenShow_TheServicesPoolHasTheNewTargetAndShowingKeepsIt()
    {
        await using var platform = await TestPlatform.StartAsync(new TestPolicy("hello") { Pool = 0 });
        var url = new Uri(platform.Address, "/_lightvm").ToString();

        var resized = await LightvmAsync("guest", "pool", "--service", "hello", "--size", "2", "--url", url);
        Assert.Equal(0, resized.ExitCode);
        Assert.Matches(@"hello\s+\d+\s+2\s", Row(resized, "hello"));

        var shown = await LightvmAsync("guest", "pool", "--url", url);
        Assert.Equal(0, shown.ExitCode);
        Assert.Matches(@"hello\s+\d+\s+2\s", Row(shown, "hello"));
    }

    private static string Row((int ExitCode, string Stdout, string Stderr) list, string id) =>
        list.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith(id, StringComparison.Ordinal)) ?? $"(no row for {id} in: {list.Stdout})";

    private static async Task<(int ExitCode, string Stdout, string Stderr)> LightvmAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CliPaths.CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
