using System.Diagnostics;
using System.Runtime.Versioning;
using LightVm.Toolstack.Drivers.Qemu;

namespace LightVm.Toolstack.Tests.Drivers.Qemu;

/// <summary>The QMP client against a real QEMU with no machine (<c>-M none</c>): nothing boots, the protocol is all there is.</summary>
[SupportedOSPlatform("linux")]
public sealed class QmpClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string _directory = Directory.CreateTempSubdirectory("lightvm-qmp-").FullName;
    private System.Diagnostics.Process? _qemu;

    private string Socket => Path.Combine(_directory, "qmp.sock");

    public Task InitializeAsync()
    {
        var start = new ProcessStartInfo("/usr/bin/qemu-system-x86_64") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-M", "none", "-nodefaults", "-no-user-config", "-display", "none", "-qmp", $"unix:{Socket},server=on,wait=off" })
        {
            start.ArgumentList.Add(arg);
        }

        _qemu = System.Diagnostics.Process.Start(start)!;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_qemu is { HasExited: false })
        {
            _qemu.Kill();
            await _qemu.WaitForExitAsync();
        }

        _qemu?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ConnectAsync_RunningQemu_ReadsGreetingAndLeavesNegotiation()
    {
        await using var client = await ConnectAsync();

        Assert.Matches(@"^\d+\.\d+\.\d+$", client.Version);
        var status = await client.ExecuteAsync("query-status", null, Timeout, CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(status.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task ExecuteAsync_UnknownCommand_ThrowsWithQemusErrorClass()
    {
        await using var client = await ConnectAsync();

        var error = await Assert.ThrowsAsync<QmpException>(() => client.ExecuteAsync("no-such-command", null, Timeout, CancellationToken.None));

        Assert.Equal("CommandNotFound", error.ErrorClass);
        Assert.Contains("no-such-command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_StopThenCont_RaisesStopAndResumeEvents()
    {
        await using var client = await ConnectAsync();
        var stopped = client.NextEventAsync("STOP");
        var resumed = client.NextEventAsync("RESUME");

        await client.ExecuteAsync("stop", null, Timeout, CancellationToken.None);
        var stop = await stopped.WaitAsync(Timeout);
        await client.ExecuteAsync("cont", null, Timeout, CancellationToken.None);
        var resume = await resumed.WaitAsync(Timeout);

        Assert.Equal("STOP", stop.Name);
        Assert.True(resume.Timestamp >= stop.Timestamp);
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrentCommands_EachGetsItsOwnAnswer()
    {
        await using var client = await ConnectAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? client.ExecuteAsync("query-status", null, Timeout, CancellationToken.None)
            : client.ExecuteAsync("query-version", null, Timeout, CancellationToken.None)));

        for (var i = 0; i < answers.Length; i++)
        {
            Assert.True(answers[i].TryGetProperty(i % 2 == 0 ? "status" : "qemu", out _), $"answer {i} is {answers[i]}");
        }
    }

    [Fact]
    public async Task ExecuteAsync_Quit_RaisesShutdownAndThenFailsClearly()
    {
        await using var client = await ConnectAsync();
        var shutdown = client.NextEventAsync("SHUTDOWN");

        try
        {
            await client.ExecuteAsync("quit", null, Timeout, CancellationToken.None);
        }
        catch (QmpException)
        {
            // QEMU may close before it answers.
        }

        Assert.Equal("host-qmp-quit", (await shutdown.WaitAsync(Timeout)).DataString("reason"));
        await client.Closed.WaitAsync(Timeout);
        var error = await Assert.ThrowsAsync<QmpException>(() => client.ExecuteAsync("query-status", null, Timeout, CancellationToken.None));
        Assert.Contains("has ended", error.Message, StringComparison.Ordinal);
        Assert.Null(error.ErrorClass);
    }

    [Fact]
    public async Task ExecuteAsync_QemuKilled_PendingEventWaitAndCommandsFailSayingQemuIsGone()
    {
        await using var client = await ConnectAsync();
        var never = client.NextEventAsync("RESET");

        _qemu!.Kill();

        var reason = await client.Closed.WaitAsync(Timeout);
        Assert.Contains("exited or crashed", reason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<QmpException>(() => never.WaitAsync(Timeout));
        await Assert.ThrowsAsync<QmpException>(() => client.ExecuteAsync("query-status", null, Timeout, CancellationToken.None));
    }

    [Fact]
    public async Task ConnectAsync_NoServer_FailsAfterTheTimeoutNamingTheSocket()
    {
        var missing = Path.Combine(_directory, "missing.sock");

        var error = await Assert.ThrowsAsync<QmpException>(() => QmpClient.ConnectAsync(missing, TimeSpan.FromMilliseconds(200), TimeProvider.System, null, CancellationToken.None));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_ProcessAlreadyDead_FailsWithItsExit()
    {
        var missing = Path.Combine(_directory, "missing.sock");

        var error = await Assert.ThrowsAsync<QmpException>(() => QmpClient.ConnectAsync(missing, Timeout, TimeProvider.System, Task.FromResult("exit 1"), CancellationToken.None));

        Assert.Contains("QEMU exited (exit 1)", error.Message, StringComparison.Ordinal);
    }

    private Task<QmpClient> ConnectAsync() => QmpClient.ConnectAsync(Socket, Timeout, TimeProvider.System, null, CancellationToken.None);
}
