using System.Net;
using System.Text;
using LightVm.Devd;
using LightVm.Noxs;
using LightVm.Toolstack.Native;
using LightVm.Toolstack.Network;
using Microsoft.Extensions.Logging;

namespace LightVm.Toolstack.Drivers.Uml;

/// <summary>
/// User-mode Linux guests: a real, separate Linux kernel per guest running as host processes, no hardware
/// virtualization needed. Prepare boots the kernel and initramfs until the guest init waits for its page, then
/// stops the kernel's host processes; execute writes the page into the guest's iomem region, continues them and
/// rings the console doorbell. Each guest runs in its own mount, PID, IPC, UTS and network namespaces, its
/// only link a tap descriptor that Devd plugged into the bridge. Contract: docs/vm-guests.md.
/// </summary>
public sealed partial class UmlDriver : IGuestDriver
{
    private readonly UmlDriverOptions _options;
    private readonly INicPlugger _bridges;
    private readonly TapPlugger _taps;
    private readonly SubnetAddressPool _addresses;
    private readonly TimeProvider _time;
    private readonly ILogger<UmlDriver> _logger;
    private readonly SemaphoreSlim _bridgeGate = new(1, 1);
    private bool _bridgeReady;

    public UmlDriver(UmlDriverOptions options, INicPlugger bridges, TapPlugger taps, SubnetAddressPool addresses, TimeProvider time, ILogger<UmlDriver> logger)
    {
        _options = options;
        _bridges = bridges;
        _taps = taps;
        _addresses = addresses;
        _time = time;
        _logger = logger;
    }

    public string Name => "uml";

    public DriverCapabilities Capabilities => DriverCapabilities.Pause;

    public async Task<Shell> PrepareAsync(ShellSpec spec, CancellationToken cancellationToken)
    {
        if (spec.ConfigChannel == ConfigChannel.Store)
        {
            throw new GuestStartException($"Service '{spec.Service}': the uml driver configures guests through the device page only (configChannel: page); the metadata store is a baseline of the process and oci drivers.");
        }

        await EnsureBridgeAsync(cancellationToken).ConfigureAwait(false);
        var image = UmlImage.Resolve(spec, _options);
        var id = Guid.NewGuid();
        var address = _addresses.Rent();
        var directory = Path.Combine(_options.StateDirectory, "guests", id.ToString("N"));
        var shell = new UmlShell(id, spec, new IPEndPoint(address, spec.Port), _time.GetUtcNow(), directory);
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(shell.PageMirror, new byte[DevicePageLayout.MaxPageSize]);
            var mac = Mac(id);
            shell.Tap = _taps.Plug(new TapRequest { Name = "lu" + id.ToString("N")[..10], Bridge = _options.Bridge, Isolated = spec.Isolated });
            shell.Neighbour = PinnedNeighbour.Pin(_options.Bridge, address, GuestMac.For(id)); // the init sets the page's MAC
            var (program, args) = UmlCommandLine.Build(_options, image, "lv-" + id.ToString("N")[..12], directory, shell.PageMirror, mac);
            var environment = new Dictionary<string, string>
            {
                ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin",
                ["TMPDIR"] = directory, // the guest's RAM file lives (unlinked) in its own memory-backed directory
                ["HOME"] = directory,
            };
            shell.Process = SpawnedProcess.Start(program, args, environment, [shell.Tap.Handle]);
            shell.Tap.Dispose(); // the guest holds the tap now; it goes when the guest goes
            shell.Pump = PumpConsoleAsync(shell);
            _ = shell.Process.Exited.ContinueWith(
                t => shell.SetExited("UML " + SpawnedProcess.Describe(t.Result)),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            try
            {
                await shell.Waiting.WaitAsync(_options.BootTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new GuestStartException($"The UML guest {id:N} of '{spec.Service}' did not reach its init's wait for the page within {_options.BootTimeout.TotalSeconds:0.#} s. Console: {shell.ConsoleTail()}");
            }

            StopKernel(shell);
            var bootMs = (_time.GetUtcNow() - shell.PreparedAt).TotalMilliseconds;
            LogPrepared(spec.Service, id, shell.Process.Pid, shell.Endpoint, bootMs);
            return shell;
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            await DestroyAsync(shell, CancellationToken.None).ConfigureAwait(false);
            throw e is GuestStartException ? e : new GuestStartException($"Preparing a uml shell for '{spec.Service}' failed: {e.Message}", e);
        }
    }

    public Task ExecuteAsync(Shell shell, DevicePage page, CancellationToken cancellationToken)
    {
        var guest = Cast(shell);
        if (guest.HasExited || guest.Process is null)
        {
            throw new GuestStartException($"The shell {shell.Id:N} died before execute ({(guest.Exited.IsCompleted ? guest.Exited.Result : "never started")}). Console: {shell.ConsoleTail()}");
        }

        DevicePageWriter.WriteFile(guest.PagePath, page);
        WriteMirror(guest, page);
        guest.Page = page;
        Continue(guest);
        Ring(guest);
        return Task.CompletedTask;
    }

    public Task PauseAsync(Shell shell, CancellationToken cancellationToken)
    {
        var guest = Cast(shell);
        StopKernel(guest);
        shell.IsPaused = true;
        return Task.CompletedTask;
    }

    public Task ResumeAsync(Shell shell, CancellationToken cancellationToken)
    {
        var guest = Cast(shell);
        Continue(guest);
        shell.IsPaused = false;
        return Task.CompletedTask;
    }

    public async Task DestroyAsync(Shell shell, CancellationToken cancellationToken)
    {
        var guest = Cast(shell);
        if (!guest.TryMarkReleased())
        {
            return;
        }

        if (guest.Process is { } process)
        {
            if (!await TryPoweroffAsync(guest).ConfigureAwait(false))
            {
                process.SignalGroup(SpawnedProcess.SigKill);
                Continue(guest); // a stopped kernel dies on SIGKILL anyway; this only makes sure nothing waits
            }

            try
            {
                await guest.Exited.WaitAsync(TimeSpan.FromSeconds(10), _time, CancellationToken.None).ConfigureAwait(false);
                await guest.Pump.WaitAsync(TimeSpan.FromSeconds(5), _time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogDestroyProblem(shell.Spec.Service, shell.Id, "the UML processes did not end after SIGKILL");
            }

            process.Dispose();
        }
        else
        {
            guest.SetExited("destroyed before it started");
        }

        guest.Tap?.Dispose();
        guest.Neighbour?.Dispose();
        _addresses.Return(guest.Endpoint.Address);
        try
        {
            if (Directory.Exists(guest.Directory))
            {
                Directory.Delete(guest.Directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDestroyProblem(shell.Spec.Service, shell.Id, $"cannot delete {guest.Directory}: {e.Message}");
        }

        LogDestroyed(shell.Spec.Service, shell.Id);
    }

    private static UmlShell Cast(Shell shell) =>
        shell as UmlShell ?? throw new ArgumentException($"Shell {shell.Id:N} was not made by the uml driver.", nameof(shell));

    private static byte[] Mac(Guid id)
    {
        var bytes = id.ToByteArray();
        return [0x02, 0x4d, bytes[0], bytes[1], bytes[2], bytes[3]];
    }

    private static void WriteMirror(UmlShell guest, DevicePage page)
    {
        var bytes = DevicePageWriter.Serialize(page);
        using var handle = File.OpenHandle(guest.PageMirror, FileMode.Open, FileAccess.Write);
        RandomAccess.Write(handle, bytes, 0);
    }

    private void StopKernel(UmlShell guest)
    {
        if (guest.Process is null)
        {
            return;
        }

        // The sandbox's unshare keeps running: it must stay able to reap the kernel if the kernel dies.
        var pids = HostProcessTree.Untraced(guest.Process.Pid).Where(pid => !_options.Sandbox || pid != guest.Process.Pid).ToList();
        foreach (var pid in pids)
        {
            PosixSpawn.Kill(pid, SpawnedProcess.SigStop);
        }

        guest.Stopped = pids;
    }

    private static void Continue(UmlShell guest)
    {
        foreach (var pid in guest.Stopped)
        {
            PosixSpawn.Kill(pid, SpawnedProcess.SigCont);
        }

        guest.Stopped = [];
    }

    /// <summary>The doorbell: a line on the guest's console input makes its init look at the page now.</summary>
    private static void Ring(UmlShell guest)
    {
        try
        {
            guest.Process!.StandardInput.Write("\n"u8);
            guest.Process.StandardInput.Flush();
        }
        catch (IOException e)
        {
            throw new GuestStartException($"The shell {guest.Id:N} closed its console before execute: {e.Message}", e);
        }
    }

    /// <summary>Asks a running guest to power off through its page (sysctl word); true when it ended within the grace.</summary>
    private async Task<bool> TryPoweroffAsync(UmlShell guest)
    {
        if (guest.Page is not { } page || guest.HasExited || guest.IsPaused || _options.PoweroffGrace <= TimeSpan.Zero)
        {
            return guest.HasExited;
        }

        try
        {
            var poweroff = page with { Generation = page.Generation + 1, Sysctl = SysctlRequest.Poweroff };
            DevicePageWriter.WriteFile(guest.PagePath, poweroff);
            WriteMirror(guest, poweroff);
            guest.Page = poweroff;
            Ring(guest);
            await guest.Exited.WaitAsync(_options.PoweroffGrace, _time).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or IOException or GuestStartException)
        {
            return false;
        }
    }

    private async Task PumpConsoleAsync(UmlShell guest)
    {
        var log = new StreamWriter(guest.ConsolePath, append: true, new UTF8Encoding(false)) { AutoFlush = true };
        await using (log.ConfigureAwait(false))
        {
            using var reader = new StreamReader(guest.Process!.Output, new UTF8Encoding(false), false, 4096, leaveOpen: true);
            try
            {
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    guest.Output.Add(line);
                    await log.WriteLineAsync(line).ConfigureAwait(false);
                    if (line.Contains(GuestLink.InitWaitingLine, StringComparison.Ordinal))
                    {
                        guest.SetWaiting();
                    }
                    else if (line.Contains("Kernel panic", StringComparison.Ordinal))
                    {
                        // A panicked UML kernel spins instead of exiting: report the guest failed and end it.
                        guest.SetExited("UML kernel panic: " + line.Trim());
                        guest.Process.SignalGroup(SpawnedProcess.SigKill);
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The guest is gone.
            }
        }
    }

    private async Task EnsureBridgeAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _bridgeReady))
        {
            return;
        }

        await _bridgeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_bridgeReady)
            {
                await _bridges.EnsureBridgeAsync(_options.Bridge, _addresses.Gateway, _addresses.PrefixLength, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _bridgeReady, true);
            }
        }
        finally
        {
            _bridgeGate.Release();
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "Prepared uml shell {ShellId} for {Service}: pid {Pid}, endpoint {Endpoint}, booted in {BootMs:0.0} ms")]
    private partial void LogPrepared(string service, Guid shellId, int pid, IPEndPoint endpoint, double bootMs);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Destroyed uml shell {ShellId} of {Service}")]
    private partial void LogDestroyed(string service, Guid shellId);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Destroying uml shell {ShellId} of {Service}: {Problem}")]
    private partial void LogDestroyProblem(string service, Guid shellId, string problem);
}
