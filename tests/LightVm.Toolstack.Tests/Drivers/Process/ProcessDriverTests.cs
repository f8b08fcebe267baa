using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using LightVm.Dom0.Agent;
using LightVm.Testing;
using LightVm.Toolstack.Drivers.Process;
using LightVm.Toolstack.Lifecycle;
using Microsoft.Extensions.Logging.Abstractions;

namespace LightVm.Toolstack.Tests.Drivers.Process;

/// <summary>
/// The process driver with real processes and the real jit-web guest (artifacts/guests/jit-web/jit-web, built by
/// ops/build-guests.sh). Every test gets its own state directory and loopback address pool. Linux only (/proc, signals).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ProcessDriverTests : IAsyncLifetime
{
    private const int GuestPort = 8080;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);
    private readonly string _stateDirectory;
    private readonly LoopbackAddressPool _addresses = new();
    private readonly ProcessDriver _driver;
    private readonly List<Shell> _shells = [];

    public ProcessDriverTests()
    {
        _stateDirectory = Directory.CreateTempSubdirectory("lightvm-process-driver-tests-").FullName;
        _driver = new ProcessDriver(
            new ProcessDriverOptions { StateDirectory = _stateDirectory },
            _addresses,
            TimeProvider.System,
            NullLogger<ProcessDriver>.Instance);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var shell in _shells)
        {
            await _driver.DestroyAsync(shell, CancellationToken.None);
        }

        Directory.Delete(_stateDirectory, recursive: true);
    }

    [Fact]
    public void Capabilities_Always_IncludePause()
    {
        Assert.Equal("process", _driver.Name);
        Assert.True(_driver.Capabilities.HasFlag(DriverCapabilities.Pause));
    }

    [Fact]
    public async Task PrepareAsync_JitWeb_StartsWaitingProcessWithOwnDirectoryAndAddress()
    {
        var shell = await PrepareJitWebAsync();

        var process = (ProcessShell)shell;
        Assert.False(shell.HasExited);
        Assert.True(Directory.Exists(process.Directory));
        Assert.StartsWith(_stateDirectory, process.Directory, StringComparison.Ordinal);
        Assert.Equal(GuestPort, shell.Endpoint.Port);
        Assert.StartsWith("127.77.", shell.Endpoint.Address.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, _addresses.InUse);
        Assert.True(Directory.Exists($"/proc/{process.Pid}"));
    }

    [Fact]
    public async Task ExecuteAsync_PageFromFactory_GuestAnswersHttpWithItsId()
    {
        var shell = await PrepareJitWebAsync();

        await ExecuteAsync(shell);
        await ReadinessProbe.WaitAsync(shell, ReadyTimeout, TimeProvider.System, CancellationToken.None);
        using var response = await GetAsync(shell, TimeSpan.FromSeconds(10));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(shell.Id.ToString(), Assert.Single(response.Headers.GetValues("X-Guest-Id")));
        Assert.Contains(shell.Id.ToString(), body, StringComparison.Ordinal);
        Assert.Contains("\"service\":\"hello\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PauseAsync_RunningGuest_StopsAnsweringUntilResumed()
    {
        var shell = await RunningJitWebAsync();

        await _driver.PauseAsync(shell, CancellationToken.None);

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => GetAsync(shell, TimeSpan.FromSeconds(1)));
        Assert.False(shell.HasExited);

        await _driver.ResumeAsync(shell, CancellationToken.None);

        using var response = await GetAsync(shell, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DestroyAsync_RunningGuest_LeavesNoProcessDirectoryOrAddress()
    {
        var shell = await RunningJitWebAsync();
        var process = (ProcessShell)shell;
        var pid = process.Pid;

        await _driver.DestroyAsync(shell, CancellationToken.None);

        Assert.True(shell.HasExited);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} is still there after destroy");
        Assert.False(Directory.Exists(process.Directory), $"{process.Directory} is still there after destroy");
        Assert.Equal(0, _addresses.InUse);
    }

    [Fact]
    public async Task DestroyAsync_PausedGuest_LeavesNoProcess()
    {
        var shell = await RunningJitWebAsync();
        var pid = ((ProcessShell)shell).Pid;
        await _driver.PauseAsync(shell, CancellationToken.None);

        await _driver.DestroyAsync(shell, CancellationToken.None);

        Assert.False(Directory.Exists($"/proc/{pid}"), $"paused process {pid} survived destroy");
        Assert.Equal(0, _addresses.InUse);
    }

    [Fact]
    public async Task DestroyAsync_Twice_IsHarmless()
    {
        var shell = await PrepareJitWebAsync();

        await _driver.DestroyAsync(shell, CancellationToken.None);
        await _driver.DestroyAsync(shell, CancellationToken.None);

        Assert.True(shell.HasExited);
        Assert.Equal(0, _addresses.InUse);
    }

    [Fact]
    public async Task ExecuteAsync_ProcessKilled_ThrowsGuestStartException()
    {
        var shell = await PrepareJitWebAsync();
        ((ProcessShell)shell).Process.Kill();
        await shell.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<GuestStartException>(() => ExecuteAsync(shell));

        Assert.Contains(shell.Id.ToString("N"), error.Message, StringComparison.Ordinal);
        Assert.Contains("died before execute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_NonExecutableImage_ThrowsAndFreesEverything()
    {
        var image = Path.Combine(_stateDirectory, "not-executable");
        await File.WriteAllTextAsync(image, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(image, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = await Assert.ThrowsAsync<GuestStartException>(() => _driver.PrepareAsync(Spec(image), CancellationToken.None));

        Assert.Contains(image, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _addresses.InUse);
        Assert.Empty(Directory.GetDirectories(_stateDirectory));
    }

    [Fact]
    public async Task PrepareAsync_MissingImage_ThrowsGuestStartException()
    {
        var image = Path.Combine(_stateDirectory, "no-such-guest");

        await Assert.ThrowsAsync<GuestStartException>(() => _driver.PrepareAsync(Spec(image), CancellationToken.None));

        Assert.Equal(0, _addresses.InUse);
        Assert.Empty(Directory.GetDirectories(_stateDirectory));
    }

    [Fact]
    public async Task ReadinessProbe_ProcessNeverListens_ThrowsAfterTimeout()
    {
        var shell = await PrepareAsync(Spec("/bin/sleep", "600"));

        var error = await Assert.ThrowsAsync<GuestStartException>(
            () => ReadinessProbe.WaitAsync(shell, TimeSpan.FromMilliseconds(300), TimeProvider.System, CancellationToken.None));

        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        Assert.Contains(shell.Endpoint.ToString(), error.Message, StringComparison.Ordinal);
        Assert.False(shell.HasExited);
    }

    [Fact]
    public async Task ReadinessProbe_ProcessExitsEarly_FailsFastDescribingExit()
    {
        var shell = await PrepareAsync(Spec("/bin/sh", "-c", "echo boom; exit 3"));

        // A long deadline: the probe must notice the exit, not run into its timeout.
        var error = await Assert.ThrowsAsync<GuestStartException>(
            () => ReadinessProbe.WaitAsync(shell, TimeSpan.FromMinutes(2), TimeProvider.System, CancellationToken.None));

        Assert.Contains("ended before it was ready", error.Message, StringComparison.Ordinal);
        Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cycles_HundredPrepareExecuteDestroy_LeaveNoChildrenOrDirectories()
    {
        var pids = new List<int>();
        for (var i = 0; i < 100; i++)
        {
            var shell = await _driver.PrepareAsync(Spec(RepoPaths.JitWebGuest()), CancellationToken.None);
            try
            {
                pids.Add(((ProcessShell)shell).Pid);
                await ExecuteAsync(shell);
                await ReadinessProbe.WaitAsync(shell, ReadyTimeout, TimeProvider.System, CancellationToken.None);
            }
            finally
            {
                await _driver.DestroyAsync(shell, CancellationToken.None);
            }
        }

        var children = ChildProcesses();
        Assert.True(
            children.All(c => !pids.Contains(c.Pid) && c.Command != "jit-web"),
            $"children left: {string.Join(", ", children.Select(c => $"{c.Pid} {c.Command} ({c.State})"))}");
        Assert.Empty(Directory.GetFileSystemEntries(_stateDirectory));
        Assert.Equal(0, _addresses.InUse);
    }

    private static ShellSpec Spec(string image, params string[] args) => new()
    {
        Service = TestPolicies.DefaultService,
        Driver = "process",
        Image = image,
        Args = args,
        Port = GuestPort,
    };

    private static async Task<HttpResponseMessage> GetAsync(Shell shell, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = timeout };
        return await client.GetAsync(new Uri($"http://{shell.Endpoint}/"));
    }

    /// <summary>This process's children (zombies included), from /proc.</summary>
    private static List<(int Pid, string Command, char State)> ChildProcesses()
    {
        var children = new List<(int, string, char)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // Gone meanwhile.
            }

            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            if (int.Parse(fields[1], CultureInfo.InvariantCulture) == Environment.ProcessId)
            {
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                children.Add((pid, stat[(open + 1)..close], fields[0][0]));
            }
        }

        return children;
    }

    private async Task<Shell> PrepareAsync(ShellSpec spec)
    {
        var shell = await _driver.PrepareAsync(spec, CancellationToken.None);
        _shells.Add(shell);
        return shell;
    }

    private Task<Shell> PrepareJitWebAsync() => PrepareAsync(Spec(RepoPaths.JitWebGuest()));

    private async Task<Shell> RunningJitWebAsync()
    {
        var shell = await PrepareJitWebAsync();
        await ExecuteAsync(shell);
        await ReadinessProbe.WaitAsync(shell, ReadyTimeout, TimeProvider.System, CancellationToken.None);
        return shell;
    }

    /// <summary>Executes the shell with the page the Dom0 agent would write for it.</summary>
    private Task ExecuteAsync(Shell shell)
    {
        var policy = TestPolicies.Make(driver: "process", image: shell.Spec.Image, port: GuestPort);
        var page = DevicePageFactory.Create(new Guest(shell, _driver, TimeProvider.System.GetUtcNow()), policy);
        return _driver.ExecuteAsync(shell, page, CancellationToken.None);
    }
}
