using System.Globalization;
using System.Runtime.Versioning;
using LightVm.Devd.Network;
using LightVm.Noxs;
using LightVm.Testing;
using LightVm.Toolstack.Drivers.Process;
using Microsoft.Extensions.Logging.Abstractions;

namespace LightVm.Toolstack.Tests.Drivers.Process;

/// <summary>
/// The process driver: the shared conformance suite plus what is particular to it, with real processes and
/// the real jit-web guest. Every test gets its own state directory and loopback address pool.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ProcessDriverTests : GuestDriverConformanceTests
{
    private static readonly TimeSpan SilentImageTimeout = TimeSpan.FromSeconds(1);
    private readonly GuestNetwork _network = TestGuestNetwork.Loopback();

    [Fact]
    public void Capabilities_Always_IncludePause()
    {
        Assert.Equal("process", Driver.Name);
        Assert.True(Driver.Capabilities.HasFlag(DriverCapabilities.Pause));
    }

    [Fact]
    public async Task PrepareAsync_JitWeb_StartsWaitingProcessWithOwnDirectoryAndAddress()
    {
        var shell = await PrepareJitWebAsync();

        var process = (ProcessShell)shell;
        Assert.False(shell.HasExited);
        Assert.True(Directory.Exists(process.Directory));
        Assert.StartsWith(StateDirectory, process.Directory, StringComparison.Ordinal);
        Assert.Equal(GuestPort, shell.Endpoint.Port);
        Assert.StartsWith("127.77.", shell.Endpoint.Address.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, _network.Loopback.InUse);
        Assert.True(Directory.Exists($"/proc/{process.Pid}"));
    }

    [Fact]
    public async Task PrepareAsync_JitWeb_ReturnsOnlyOnceTheGuestSaysItWaitsForGo()
    {
        var shell = await PrepareJitWebAsync();

        Assert.Contains(GuestLink.WaitingLine, shell.ConsoleTail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_ImageNeverSaysItWaits_TakenAsPreparedAfterTheTimeout()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var shell = await PrepareAsync(Spec("/bin/sleep", "process", "600"));

        Assert.True(clock.Elapsed >= SilentImageTimeout - TimeSpan.FromMilliseconds(50), $"prepare returned after {clock.Elapsed}");
        Assert.False(shell.HasExited);
        Assert.DoesNotContain(GuestLink.WaitingLine, shell.ConsoleTail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_Cancelled_FreesTheShell()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Driver.PrepareAsync(Spec("/bin/sleep", "process", "600"), cancel.Token));

        Assert.Equal(0, _network.Loopback.InUse);
        Assert.Empty(Directory.GetDirectories(StateDirectory));
    }

    [Fact]
    public async Task ExecuteAsync_ShellPreparedInBackgroundWaitsAtLowPriority_EveryThreadGetsNormalPriorityBack()
    {
        var shell = await PrepareAsync(Spec(JitWebImage, Driver.Name) with { Background = true });
        var pid = ((ProcessShell)shell).Pid;

        var whilePrepared = Nice(pid);
        await ExecuteAsync(shell);
        var whileRunning = Nice(pid);

        // Raising priorities again needs root; without it shells are never lowered in the first place.
        Assert.All(whilePrepared, n => Assert.Equal(Environment.IsPrivilegedProcess ? 10 : 0, n));
        Assert.All(whileRunning, n => Assert.Equal(0, n));
    }

    [Fact]
    public async Task DestroyAsync_GuestStartedChildren_KillsTheWholeTree()
    {
        var shell = await PrepareAsync(Spec("/bin/sh", "process", "-c", $"sleep 600 & sleep 600 & echo '{GuestLink.WaitingLine}'; wait"));
        var root = ((ProcessShell)shell).Pid;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<int> tree;
        while ((tree = HostProcessTree.Descendants(root)).Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Driver.DestroyAsync(shell, CancellationToken.None);

        Assert.Equal(3, tree.Count);
        foreach (var pid in tree.Skip(1))
        {
            // The children were re-parented when the shell died; a zombie is reaped by init soon, so wait for it.
            var gone = DateTime.UtcNow.AddSeconds(10);
            while (IsRunning(pid) && DateTime.UtcNow < gone)
            {
                await Task.Delay(20);
            }

            Assert.False(IsRunning(pid), $"child {pid} of the guest still runs after destroy");
        }
    }

    [Fact]
    public async Task PrepareAsync_OnTheRequestPath_StartsAtNormalPriority()
    {
        var shell = await PrepareJitWebAsync();

        Assert.All(Nice(((ProcessShell)shell).Pid), n => Assert.Equal(0, n));
    }

    [Fact]
    public async Task PrepareAsync_NonExecutableImage_ThrowsAndFreesEverything()
    {
        var image = Path.Combine(StateDirectory, "not-executable");
        await File.WriteAllTextAsync(image, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(image, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = await Assert.ThrowsAsync<GuestStartException>(() => Driver.PrepareAsync(Spec(image), CancellationToken.None));

        Assert.Contains(image, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _network.Loopback.InUse);
        Assert.Empty(Directory.GetDirectories(StateDirectory));
    }

    [Fact]
    public async Task PrepareAsync_MissingImage_ThrowsGuestStartException()
    {
        var image = Path.Combine(StateDirectory, "no-such-guest");

        await Assert.ThrowsAsync<GuestStartException>(() => Driver.PrepareAsync(Spec(image), CancellationToken.None));

        Assert.Equal(0, _network.Loopback.InUse);
        Assert.Empty(Directory.GetDirectories(StateDirectory));
    }

    [Fact]
    public async Task ReadinessProbe_ProcessNeverListens_ThrowsAfterTimeout()
    {
        var shell = await PrepareAsync(Spec("/bin/sh", "process", "-c", $"echo '{GuestLink.WaitingLine}'; exec sleep 600"));

        var error = await Assert.ThrowsAsync<GuestStartException>(
            () => ReadinessProbe.WaitAsync(shell, TimeSpan.FromMilliseconds(300), TimeProvider.System, CancellationToken.None));

        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        Assert.Contains(shell.Endpoint.ToString(), error.Message, StringComparison.Ordinal);
        Assert.False(shell.HasExited);
    }

    [Fact]
    public async Task ReadinessProbe_ProcessExitsEarly_FailsFastDescribingExit()
    {
        var shell = await PrepareAsync(Spec("/bin/sh", "process", "-c", "echo boom; exit 3"));

        // A long deadline: the probe must notice the exit, not run into its timeout.
        var error = await Assert.ThrowsAsync<GuestStartException>(
            () => ReadinessProbe.WaitAsync(shell, TimeSpan.FromMinutes(2), TimeProvider.System, CancellationToken.None));

        Assert.Contains("ended before it was ready", error.Message, StringComparison.Ordinal);
        Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
    }

    protected override Task<IGuestDriver> CreateDriverAsync() => Task.FromResult<IGuestDriver>(new ProcessDriver(
        new ProcessDriverOptions { StateDirectory = StateDirectory, WaitingTimeout = SilentImageTimeout },
        _network,
        TimeProvider.System,
        NullLogger<ProcessDriver>.Instance));

    protected override Task KillGuestAsync(Shell shell)
    {
        ((ProcessShell)shell).Process.Kill();
        return Task.CompletedTask;
    }

    protected override object Footprint(Shell shell) => (((ProcessShell)shell).Pid, ((ProcessShell)shell).Directory);

    protected override void AssertFreed(object footprint)
    {
        var (pid, directory) = ((int, string))footprint;
        Assert.False(IsLiveChild(pid), $"process {pid} is still there after destroy");
        Assert.False(Directory.Exists(directory), $"{directory} is still there after destroy");
    }

    protected override void AssertNothingLeft()
    {
        Assert.Equal(0, _network.Loopback.InUse);
        Assert.Empty(Directory.GetFileSystemEntries(StateDirectory));
    }

    /// <summary>True while <paramref name="pid"/> exists and is not a zombie.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The nice value of every thread of <paramref name="pid"/> (field 19 of /proc/PID/task/TID/stat).</summary>
    private static List<int> Nice(int pid) =>
        [.. Directory.GetDirectories($"/proc/{pid}/task").Select(task =>
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture);
        })];

    /// <summary>True while <paramref name="pid"/> is a live (not zombie) child of this test process.</summary>
    private static bool IsLiveChild(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }

        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields[0] != "Z" && int.Parse(fields[1], CultureInfo.InvariantCulture) == Environment.ProcessId;
    }
}
