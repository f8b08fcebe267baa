using System.Diagnostics;
using System.Runtime.Versioning;
using LightVm.Devd.Network;
using LightVm.Toolstack.Drivers.Oci;
using Microsoft.Extensions.Logging.Abstractions;

namespace LightVm.Toolstack.Tests.Drivers.Oci;

/// <summary>
/// The runc drivers against the shared conformance suite, with real containers, real namespaces and veths
/// plugged by Devd into a bridge and subnet of the test's own (deleted afterwards). Needs root and runc.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class OciConformanceTests : GuestDriverConformanceTests
{
    private readonly string _bridge = "lvt" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _subnet = $"10.79.{Random.Shared.Next(1, 250)}.0/24";
    private GuestNetwork? _network;

    protected OciDriverOptions Options { get; private set; } = new();

    protected abstract bool Preboot { get; }

    [Fact]
    public void Name_Form_SaysWhichForm()
    {
        Assert.Equal(Preboot ? "oci" : "oci-start", Driver.Name);
        Assert.True(Driver.Capabilities.HasFlag(DriverCapabilities.Pause));
    }

    [Fact]
    public async Task PrepareAsync_JitWeb_GuestHasItsOwnNetworkNamespaceWithOnlyItsNic()
    {
        var shell = (OciShell)await PrepareJitWebAsync();

        Assert.NotEqual(new FileInfo("/proc/self/ns/net").LinkTarget, new FileInfo($"/proc/{shell.Pid}/ns/net").LinkTarget);
        var links = Run("nsenter", $"--net=/proc/{shell.Pid}/ns/net", "ip", "-br", "link");
        Assert.Contains("eth0", links, StringComparison.Ordinal);
        Assert.Contains("lo", links, StringComparison.Ordinal);
        Assert.Equal(2, links.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(shell.Endpoint.Address.ToString(), Run("nsenter", $"--net=/proc/{shell.Pid}/ns/net", "ip", "-br", "addr"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_WriteToPageThroughGuestView_IsRefused()
    {
        var shell = (OciShell)await RunningJitWebAsync();
        var inGuest = $"/proc/{shell.Pid}/root/run/lightvm/page";
        var before = await File.ReadAllBytesAsync(shell.PagePath);

        // Even root cannot write through the guest's mount: it is a read-only bind (the guest itself also has no capabilities).
        var error = await Assert.ThrowsAnyAsync<Exception>(() => File.WriteAllTextAsync(inGuest, "tampered"));

        Assert.True(error is IOException or UnauthorizedAccessException, error.ToString());
        Assert.Equal(before, await File.ReadAllBytesAsync(shell.PagePath));
        Assert.Equal(before, await File.ReadAllBytesAsync(inGuest));
    }

    [Fact]
    public async Task PrepareAsync_TwoGuests_CannotReachEachOthersPortsButTheHostReachesBoth()
    {
        var first = (OciShell)await RunningJitWebAsync();
        var second = (OciShell)await RunningJitWebAsync();

        var across = RunAllowFailure("nsenter", $"--net=/proc/{first.Pid}/ns/net", "timeout", "3", "bash", "-c", $"exec 3<>/dev/tcp/{second.Endpoint.Address}/{second.Endpoint.Port}");

        Assert.NotEqual(0, across.ExitCode);
        using var toFirst = await GetAsync(first, TimeSpan.FromSeconds(10));
        using var toSecond = await GetAsync(second, TimeSpan.FromSeconds(10));
        Assert.Equal(System.Net.HttpStatusCode.OK, toFirst.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, toSecond.StatusCode);
    }

    [Fact]
    public async Task PrepareAsync_TwoSharedGuests_ReachEachOther()
    {
        var first = (OciShell)await PrepareAsync(Spec(LightVm.Testing.RepoPaths.JitWebGuest(), Driver.Name) with { Isolated = false });
        var second = (OciShell)await PrepareAsync(Spec(LightVm.Testing.RepoPaths.JitWebGuest(), Driver.Name) with { Isolated = false });
        await ExecuteAsync(second);
        await ReadinessProbe.WaitAsync(second, ReadyTimeout, TimeProvider.System, CancellationToken.None);

        var across = RunAllowFailure("nsenter", $"--net=/proc/{first.Pid}/ns/net", "timeout", "10", "bash", "-c", $"exec 3<>/dev/tcp/{second.Endpoint.Address}/{second.Endpoint.Port}");

        Assert.True(across.ExitCode == 0, across.Output);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        RunAllowFailure("ip", "link", "del", _bridge);
        if (Directory.Exists(Options.RuncRoot))
        {
            Directory.Delete(Options.RuncRoot, recursive: true);
        }
    }

    protected override Task<IGuestDriver> CreateDriverAsync()
    {
        Options = new OciDriverOptions
        {
            StateDirectory = Path.Combine(StateDirectory, "oci"),
            RuncRoot = Path.Combine("/dev/shm", "lightvm-runc-test-" + _bridge),
            CgroupParent = "lightvm-test",
        };
        _network = TestGuestNetwork.Create(_bridge, _subnet);
        return Task.FromResult<IGuestDriver>(new OciDriver(Options, Preboot, _network, TimeProvider.System, NullLogger<OciDriver>.Instance));
    }

    protected override Task KillGuestAsync(Shell shell)
    {
        System.Diagnostics.Process.GetProcessById(((OciShell)shell).Pid).Kill();
        return Task.CompletedTask;
    }

    protected override object Footprint(Shell shell)
    {
        var oci = (OciShell)shell;
        return new OciFootprint(oci.ContainerId, oci.Pid, oci.Bundle, Path.GetDirectoryName(CgroupFreezer.StatePath(oci.CgroupsPath))!, oci.Nic?.HostName ?? "?");
    }

    protected override void AssertFreed(object footprint)
    {
        var f = (OciFootprint)footprint;
        Assert.False(Directory.Exists($"/proc/{f.Pid}") && !File.ReadAllText($"/proc/{f.Pid}/stat").Contains(") Z ", StringComparison.Ordinal), $"container process {f.Pid} is still there");
        Assert.False(Directory.Exists(f.Bundle), $"bundle {f.Bundle} is still there");
        Assert.False(Directory.Exists(f.Cgroup), $"cgroup {f.Cgroup} is still there");
        Assert.False(Directory.Exists($"/sys/class/net/{f.HostNic}"), $"veth {f.HostNic} is still there");
        Assert.NotEqual(0, RunAllowFailure("runc", "--root", Options.RuncRoot, "state", f.ContainerId).ExitCode);
    }

    protected override void AssertNothingLeft()
    {
        Assert.Equal(0, _network!.Addresses.InUse);
        var guests = Path.Combine(Options.StateDirectory, "guests");
        Assert.True(!Directory.Exists(guests) || Directory.GetFileSystemEntries(guests).Length == 0, "guest bundles left behind");
        var list = Run("runc", "--root", Options.RuncRoot, "list", "-q");
        Assert.True(list.Trim().Length == 0, $"containers left: {list}");
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

    private sealed record OciFootprint(string ContainerId, int Pid, string Bundle, string Cgroup, string HostNic);
}
