using System.Diagnostics;
using System.Net;
using System.Runtime.Versioning;
using LightVm.Devd.Network;
using LightVm.Testing;
using LightVm.Toolstack.Drivers.Qemu;
using Microsoft.Extensions.Logging.Abstractions;

namespace LightVm.Toolstack.Tests.Drivers.Qemu;

/// <summary>
/// The qemu driver against the shared conformance suite, plus its own: real QEMU microvm guests (KVM where it
/// works, TCG here), the Tinyx kernel from the cache (or the configured one), taps plugged by Devd into a bridge
/// and subnet of the test's own. Needs root, /dev/net/tun, QEMU and a guest kernel.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(VmDriverCollection.Name)]
public sealed class QemuDriverTests : GuestDriverConformanceTests
{
    private readonly string _bridge = "lvq" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _subnet = $"10.81.{Random.Shared.Next(1, 250)}.0/24";
    private GuestNetwork? _network;
    private QemuDriverOptions _options = new();

    protected override bool SupportsStoreChannel => false;

    protected override int CycleCount => 3;

    [Fact]
    public void Name_Capabilities_PauseAndSaveRestore()
    {
        Assert.Equal("qemu", Driver.Name);
        Assert.Equal(DriverCapabilities.Pause | DriverCapabilities.SaveRestore, Driver.Capabilities);
    }

    [Fact]
    public async Task PrepareAsync_OnThisHost_DecidesTheAcceleratorFromARealBoot()
    {
        var driver = (QemuDriver)Driver;
        Assert.Null(driver.Accelerator);

        var shell = await PrepareJitWebAsync();

        var flags = File.ReadAllText("/proc/cpuinfo");
        var hardware = flags.Contains(" vmx", StringComparison.Ordinal) || flags.Contains(" svm", StringComparison.Ordinal);
        if (!hardware)
        {
            // PVM (or no KVM at all): /dev/kvm may exist, but ordinary kernels do not boot on it.
            Assert.Equal(QemuAccelerator.Tcg, driver.Accelerator);
        }

        Assert.NotNull(driver.Accelerator);
        Assert.DoesNotContain("not decided", driver.AcceleratorReason, StringComparison.Ordinal);
        Assert.Equal(driver.Accelerator == QemuAccelerator.Kvm ? "kvm" : "tcg", shell.Accelerator);
    }

    [Fact]
    public async Task PrepareAsync_JitWeb_TapIsAnIsolatedPortOfTheBridgeAndTheVmIsStopped()
    {
        var shell = (QemuShell)await PrepareJitWebAsync();

        var details = Run("ip", "-d", "link", "show", shell.Tap!.Name);
        var status = await shell.Qmp!.ExecuteAsync("query-status", null, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Contains($"master {_bridge}", details, StringComparison.Ordinal);
        Assert.Contains("isolated on", details, StringComparison.Ordinal);
        Assert.Equal("paused", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ExecuteAsync_GuestScribblesOnItsMirror_HostCopyUnchanged()
    {
        var shell = (QemuShell)await RunningJitWebAsync();
        var before = await File.ReadAllBytesAsync(shell.PagePath);

        // What a hostile guest kernel could do through its ivshmem BAR: change the shared mirror.
        await File.WriteAllBytesAsync(shell.PageMirror, new byte[4096]);

        Assert.Equal(before, await File.ReadAllBytesAsync(shell.PagePath));
        Assert.Equal(shell.Page!.Generation, LightVm.Noxs.DevicePageReader.ReadFile(shell.PagePath).Generation);
    }

    [Fact]
    public async Task PrepareAsync_ImageFolderWithoutInitramfs_FailsSayingSo()
    {
        var folder = Directory.CreateDirectory(Path.Combine(StateDirectory, "empty-image")).FullName;

        var error = await Assert.ThrowsAsync<GuestStartException>(() => PrepareAsync(Spec(folder, "qemu")));

        Assert.Contains("initramfs.cpio.gz", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _network!.Addresses.InUse);
    }

    [Fact]
    public async Task PrepareAsync_KernelThatCannotBoot_FailsSayingSoAndLeavesNothing()
    {
        var bogus = Path.Combine(StateDirectory, "not-a-kernel");
        await File.WriteAllBytesAsync(bogus, new byte[8192]);
        _options.Kernel = bogus;
        _options.Accelerator = "tcg";

        var error = await Assert.ThrowsAsync<GuestStartException>(() => PrepareJitWebAsync());

        // QEMU either ends at once (the guest is reported ended) or hangs before QMP (prepare fails): both say so.
        Assert.True(
            error.Message.Contains("Preparing a qemu shell for 'hello' failed", StringComparison.Ordinal)
                || error.Message.StartsWith("The QEMU guest ", StringComparison.Ordinal),
            error.Message);
        AssertNothingLeft();
    }

    [Fact]
    public async Task RestoreAsync_TwoClonesOfOnePreparedShell_EachAnswersWithItsOwnId()
    {
        var template = await PrepareJitWebAsync();
        var snapshot = Path.Combine(StateDirectory, "snapshots", "jit-web.vm");
        await Driver.SaveAsync(template, snapshot, CancellationToken.None);
        Assert.True(template.HasExited);

        var first = await RestoreAsync(template.Spec, snapshot);
        var second = await RestoreAsync(template.Spec, snapshot);
        foreach (var clone in new[] { first, second })
        {
            await ExecuteAsync(clone);
            await ReadinessProbe.WaitAsync(clone, ReadyTimeout, TimeProvider.System, CancellationToken.None);
        }

        Assert.NotEqual(first.Id, second.Id);
        Assert.NotEqual(first.Endpoint, second.Endpoint);
        foreach (var clone in new[] { first, second })
        {
            using var response = await GetAsync(clone, TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(clone.Id.ToString(), Assert.Single(response.Headers.GetValues("X-Guest-Id")));
        }
    }

    [Fact]
    public async Task RestoreAsync_SavedRunningGuest_ComesBackAsItselfAndOnlyOnce()
    {
        var shell = await RunningJitWebAsync();
        await Driver.PauseAsync(shell, CancellationToken.None);
        var snapshot = Path.Combine(StateDirectory, "snapshots", "running.vm");
        await Driver.SaveAsync(shell, snapshot, CancellationToken.None);

        var restored = await RestoreAsync(shell.Spec, snapshot);

        Assert.Equal(shell.Id, restored.Id);
        Assert.Equal(shell.Page!.Generation + 1, restored.Page!.Generation);
        using (var response = await GetAsync(restored, TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(shell.Id.ToString(), Assert.Single(response.Headers.GetValues("X-Guest-Id")));
        }

        var twice = await Assert.ThrowsAsync<GuestStartException>(() => Driver.RestoreAsync(shell.Spec, snapshot, CancellationToken.None));
        Assert.Contains("in use", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreAsync_NoSuchSnapshot_FailsSayingSo()
    {
        var missing = Path.Combine(StateDirectory, "nothing.vm");

        var error = await Assert.ThrowsAsync<GuestStartException>(() => Driver.RestoreAsync(Spec(JitWebImage, "qemu"), missing, CancellationToken.None));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _network!.Addresses.InUse);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        RunAllowFailure("ip", "link", "del", _bridge);
    }

    protected override Task<IGuestDriver> CreateDriverAsync()
    {
        _options = new QemuDriverOptions
        {
            StateDirectory = Path.Combine(StateDirectory, "qemu"),
            Network = "tap", // this suite is about taps; user mode has its own (QemuUserNetworkTests)
            GuestInit = RepoPaths.GuestInit(),
            BootTimeout = TimeSpan.FromMinutes(4), // TCG on a shared 2-core machine: ~1.5 s idle, 40+ s under load
        };
        _network = TestGuestNetwork.Create(_bridge, _subnet);
        return Task.FromResult<IGuestDriver>(new QemuDriver(_options, _network, TimeProvider.System, NullLogger<QemuDriver>.Instance));
    }

    protected override Task KillGuestAsync(Shell shell)
    {
        System.Diagnostics.Process.GetProcessById(((QemuShell)shell).Process!.Pid).Kill();
        return Task.CompletedTask;
    }

    protected override object Footprint(Shell shell)
    {
        var qemu = (QemuShell)shell;
        return new QemuFootprint(qemu.Process!.Pid, qemu.Directory, qemu.PageMirror, qemu.Tap?.Name ?? "?");
    }

    protected override void AssertFreed(object footprint)
    {
        var f = (QemuFootprint)footprint;
        Assert.False(Directory.Exists($"/proc/{f.Pid}") && !File.ReadAllText($"/proc/{f.Pid}/stat").Contains(") Z ", StringComparison.Ordinal), $"QEMU {f.Pid} is still there");
        Assert.False(Directory.Exists(f.Directory), $"guest directory {f.Directory} is still there");
        Assert.False(File.Exists(f.Mirror), $"page mirror {f.Mirror} is still there");
        Assert.False(Directory.Exists($"/sys/class/net/{f.Tap}"), $"tap {f.Tap} is still there");
    }

    protected override void AssertNothingLeft()
    {
        Assert.Equal(0, _network!.Addresses.InUse);
        var guests = Path.Combine(_options.StateDirectory, "guests");
        Assert.True(!Directory.Exists(guests) || Directory.GetFileSystemEntries(guests).Length == 0, "guest directories left behind");
        Assert.DoesNotContain(Run("ip", "-br", "link").Split('\n'), line => line.Contains($"master {_bridge}", StringComparison.Ordinal));
    }

    private async Task<Shell> RestoreAsync(ShellSpec spec, string snapshot)
    {
        var shell = await Driver.RestoreAsync(spec, snapshot, CancellationToken.None);
        Track(shell);
        return shell;
    }

    private static string Run(string file, params string[] args)
    {
        var (code, output) = RunAllowFailure(file, args);
        Assert.True(code == 0, $"{file} {string.Join(' ', args)} failed ({code}): {output}");
        return output;
    }

    private static (int ExitCode, string Output) RunAllowFailure(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }

    private sealed record QemuFootprint(int Pid, string Directory, string Mirror, string Tap);
}
