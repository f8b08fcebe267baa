using System.Diagnostics;
using System.Runtime.Versioning;
using LightVm.Devd.Network;
using LightVm.Toolstack;
using LightVm.Toolstack.Drivers.Uml;
using Microsoft.Extensions.Logging.Abstractions;

namespace LightVm.Toolstack.Tests.Drivers.Uml;

/// <summary>
/// The uml driver against the shared conformance suite: real UML kernels (the Tinyx one when cached, else
/// Debian's linux.uml), real namespaces, taps plugged by Devd into a bridge and subnet of the test's own.
/// Needs root, /dev/net/tun and a UML kernel (ops/setup.sh installs user-mode-linux).
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(VmDriverCollection.Name)]
public sealed class UmlDriverTests : GuestDriverConformanceTests
{
    private readonly string _bridge = "lvu" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _subnet = $"10.80.{Random.Shared.Next(1, 250)}.0/24";
    private GuestNetwork? _network;
    private UmlDriverOptions _options = new();

    protected override bool SupportsStoreChannel => false;

    protected override int CycleCount => 10;

    [Fact]
    public void Name_Capabilities_PauseWithoutSaveRestore()
    {
        Assert.Equal("uml", Driver.Name);
        Assert.Equal(DriverCapabilities.Pause, Driver.Capabilities);
    }

    [Fact]
    public async Task PrepareAsync_JitWeb_KernelRunsInItsOwnNamespacesWithOnlyLoopback()
    {
        var shell = (UmlShell)await PrepareJitWebAsync();
        var kernel = HostProcessTree.Descendants(shell.Process!.Pid).Skip(1).First();

        foreach (var ns in new[] { "net", "pid", "mnt", "ipc" })
        {
            Assert.NotEqual(new FileInfo($"/proc/self/ns/{ns}").LinkTarget, new FileInfo($"/proc/{kernel}/ns/{ns}").LinkTarget);
        }

        var links = Run("nsenter", $"--net=/proc/{kernel}/ns/net", "ip", "-br", "link");
        Assert.Equal("lo", Assert.Single(links.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Split(' ')[0]);
    }

    [Fact]
    public async Task PrepareAsync_JitWeb_TapIsAnIsolatedPortOfTheBridge()
    {
        var shell = (UmlShell)await PrepareJitWebAsync();

        var details = Run("ip", "-d", "link", "show", shell.Tap!.Name);

        Assert.Contains($"master {_bridge}", details, StringComparison.Ordinal);
        Assert.Contains("isolated on", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_GuestScribblesOnItsMirror_HostCopyUnchanged()
    {
        var shell = (UmlShell)await RunningJitWebAsync();
        var before = await File.ReadAllBytesAsync(shell.PagePath);

        // What a hostile guest kernel could do through /dev/mmapper: change the shared mirror.
        await File.WriteAllBytesAsync(shell.PageMirror, new byte[4096]);

        Assert.Equal(before, await File.ReadAllBytesAsync(shell.PagePath));
        Assert.Equal(shell.Page!.Generation, LightVm.Noxs.DevicePageReader.ReadFile(shell.PagePath).Generation);
    }

    [Fact]
    public async Task PrepareAsync_ImageFolderWithoutInitramfs_FailsSayingSo()
    {
        var folder = Directory.CreateDirectory(Path.Combine(StateDirectory, "empty-image")).FullName;

        var error = await Assert.ThrowsAsync<GuestStartException>(() => PrepareAsync(Spec(folder, "uml")));

        Assert.Contains("initramfs.cpio.gz", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _network!.Addresses.InUse);
    }

    [Fact]
    public async Task PrepareAsync_KernelThatDiesAtBoot_FailsWithItsConsoleAndLeavesNothing()
    {
        _options.MemoryMiB = 1; // far too little: the kernel panics while sizing memory

        var error = await Assert.ThrowsAsync<GuestStartException>(() => PrepareJitWebAsync());

        Assert.Contains("ended while booting", error.Message, StringComparison.Ordinal);
        AssertNothingLeft();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        RunAllowFailure("ip", "link", "del", _bridge);
    }

    protected override Task<IGuestDriver> CreateDriverAsync()
    {
        _options = new UmlDriverOptions
        {
            StateDirectory = Path.Combine(StateDirectory, "uml"),
            GuestInit = LightVm.Testing.RepoPaths.GuestInit(),
        };
        _network = TestGuestNetwork.Create(_bridge, _subnet);
        return Task.FromResult<IGuestDriver>(new UmlDriver(_options, _network, TimeProvider.System, NullLogger<UmlDriver>.Instance));
    }

    protected override Task KillGuestAsync(Shell shell)
    {
        var uml = (UmlShell)shell;
        System.Diagnostics.Process.GetProcessById(HostProcessTree.Descendants(uml.Process!.Pid).Skip(1).First()).Kill();
        return Task.CompletedTask;
    }

    protected override object Footprint(Shell shell)
    {
        var uml = (UmlShell)shell;
        return new UmlFootprint(HostProcessTree.Descendants(uml.Process!.Pid), uml.Directory, uml.Tap?.Name ?? "?");
    }

    protected override void AssertFreed(object footprint)
    {
        var f = (UmlFootprint)footprint;
        foreach (var pid in f.Pids)
        {
            Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal), $"UML process {pid} is still there");
        }

        Assert.False(Directory.Exists(f.Directory), $"guest directory {f.Directory} is still there");
        Assert.False(Directory.Exists($"/sys/class/net/{f.Tap}"), $"tap {f.Tap} is still there");
    }

    protected override void AssertNothingLeft()
    {
        Assert.Equal(0, _network!.Addresses.InUse);
        var guests = Path.Combine(_options.StateDirectory, "guests");
        Assert.True(!Directory.Exists(guests) || Directory.GetFileSystemEntries(guests).Length == 0, "guest directories left behind");
        Assert.DoesNotContain(Run("ip", "-br", "link").Split('\n'), line => line.Contains($"master {_bridge}", StringComparison.Ordinal) || line.StartsWith("lu", StringComparison.Ordinal) && line.Contains(_bridge, StringComparison.Ordinal));
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

    private sealed record UmlFootprint(List<int> Pids, string Directory, string Tap);
}
