using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LightVm.Devd;
using LightVm.Noxs;
using LightVm.Toolstack.Drivers.Process;
using LightVm.Toolstack.Drivers.Vm;
using LightVm.Toolstack.Native;
using LightVm.Toolstack.Network;
using Microsoft.Extensions.Logging;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// Hardware VMs (KVM where it really works, else TCG) on QEMU's <c>microvm</c> machine. Prepare boots the
/// kernel and initramfs until the guest init waits for its page, then stops the VM over QMP; execute writes the
/// page into the guest's ivshmem region, continues the VM and rings the console doorbell. Pause/resume are QMP
/// stop/cont; save migrates the stopped VM into a file, restore starts QEMU with <c>-incoming</c> from it.
/// The NIC is a tap that Devd plugged into the bridge, passed to QEMU as a descriptor; where taps cannot be made
/// (not root), QEMU's user-mode networking with one forwarded port per guest (<see cref="QemuDriverOptions.Network"/>).
/// Contract: docs/vm-guests.md.
/// </summary>
public sealed partial class QemuDriver : IGuestDriver
{
    private const long MigrationBandwidth = 64L << 30;
    private readonly QemuDriverOptions _options;
    private readonly INicPlugger _bridges;
    private readonly TapPlugger _taps;
    private readonly SubnetAddressPool _addresses;
    private readonly LoopbackAddressPool _loopback;
    private readonly Lazy<(QemuNetwork Network, string Reason)> _network;
    private readonly TimeProvider _time;
    private readonly ILogger<QemuDriver> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _bridgeReady;
    private Task<(QemuAccelerator Accelerator, string Reason)>? _probe;

    public QemuDriver(QemuDriverOptions options, INicPlugger bridges, TapPlugger taps, SubnetAddressPool addresses, TimeProvider time, ILogger<QemuDriver> logger)
        : this(options, bridges, taps, addresses, LoopbackAddressPool.Shared, TapCapabilityProbe.Probe, time, logger)
    {
    }

    /// <param name="addresses">Guest addresses on the bridge (tap mode).</param>
    /// <param name="loopback">Host ends of the forwarded ports (user mode).</param>
    /// <param name="canMakeTaps">The check behind the <c>auto</c> network mode, asked once.</param>
    public QemuDriver(
        QemuDriverOptions options,
        INicPlugger bridges,
        TapPlugger taps,
        SubnetAddressPool addresses,
        LoopbackAddressPool loopback,
        Func<TapCapability> canMakeTaps,
        TimeProvider time,
        ILogger<QemuDriver> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _bridges = bridges;
        _taps = taps;
        _addresses = addresses;
        _loopback = loopback;
        _time = time;
        _logger = logger;
        _network = new Lazy<(QemuNetwork, string)>(() =>
        {
            var decided = QemuNetworkDecision.Decide(_options.Network, canMakeTaps);
            LogNetwork(decided.Network, decided.Reason);
            return decided;
        });
    }

    public string Name => "qemu";

    public DriverCapabilities Capabilities => DriverCapabilities.Pause | DriverCapabilities.SaveRestore;

    /// <summary>The accelerator guests run under, once the first prepare decided it (null before).</summary>
    public QemuAccelerator? Accelerator => _probe is { IsCompletedSuccessfully: true } probe ? probe.Result.Accelerator : null;

    /// <summary>Why <see cref="Accelerator"/> is what it is (the KVM probe's finding, or the configured choice).</summary>
    public string AcceleratorReason => _probe is { IsCompletedSuccessfully: true } probe ? probe.Result.Reason : "not decided yet (no guest prepared)";

    /// <summary>How new guests are networked, deciding it (once, logged) if no guest was prepared yet.</summary>
    public QemuNetwork Network => DecideNetwork().Network;

    /// <summary>Why <see cref="Network"/> is what it is.</summary>
    public string NetworkReason => DecideNetwork().Reason;

    public async Task<Shell> PrepareAsync(ShellSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.ConfigChannel == ConfigChannel.Store)
        {
            throw new GuestStartException($"Service '{spec.Service}': the qemu driver configures guests through the device page only (configChannel: page); the metadata store is a baseline of the process and oci drivers.");
        }

        _options.Validate();
        var (network, _) = DecideNetwork();
        if (network == QemuNetwork.Tap)
        {
            await EnsureBridgeAsync(cancellationToken).ConfigureAwait(false);
        }

        var kernel = GuestInitramfs.ImageFile(spec, "bzImage") ?? QemuKernelLocator.Require(_options.Kernel);
        var initramfs = GuestInitramfs.Resolve(spec, _options.StateDirectory, _options.GuestInit, "qemu");
        var (accelerator, _) = await DecideAcceleratorAsync(kernel, cancellationToken).ConfigureAwait(false);
        var id = Guid.NewGuid();
        var machine = new QemuMachine
        {
            Kernel = kernel,
            Initramfs = initramfs,
            MemoryMiB = _options.MemoryMiB,
            Accelerator = accelerator,
            TbSizeMiB = _options.TbSizeMiB,
            Mac = QemuCommandLine.Mac(id),
            Network = network,
        };
        var shell = NewShell(id, spec, RentAddress(network, spec.Port), machine);
        try
        {
            await StartAsync(shell, incoming: null, cancellationToken).ConfigureAwait(false);
            try
            {
                await shell.Waiting.WaitAsync(_options.BootTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new GuestStartException($"The QEMU guest {id:N} of '{spec.Service}' did not reach its init's wait for the page within {_options.BootTimeout.TotalSeconds:0.#} s ({accelerator}). Console: {shell.ConsoleTail()}");
            }

            await QmpAsync(shell, "stop", null, cancellationToken).ConfigureAwait(false);
            var bootMs = (_time.GetUtcNow() - shell.PreparedAt).TotalMilliseconds;
            LogPrepared(spec.Service, id, shell.Process!.Pid, shell.Endpoint, accelerator, bootMs);
            return shell;
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            await DestroyAsync(shell, CancellationToken.None).ConfigureAwait(false);
            throw Wrap(e, $"Preparing a qemu shell for '{spec.Service}' failed");
        }
    }

    public async Task ExecuteAsync(Shell shell, DevicePage page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var guest = Cast(shell);
        EnsureAlive(guest, "execute");
        WritePage(guest, page);
        try
        {
            await QmpAsync(guest, "cont", null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or TimeoutException)
        {
            throw new GuestStartException($"The shell {shell.Id:N} could not be continued: {e.Message}. Console: {shell.ConsoleTail()}", e);
        }

        Ring(guest);
    }

    public async Task PauseAsync(Shell shell, CancellationToken cancellationToken)
    {
        var guest = Cast(shell);
        EnsureAlive(guest, "pause");
        await QmpAsync(guest, "stop", null, cancellationToken).ConfigureAwait(false);
        shell.IsPaused = true;
    }

    public async Task ResumeAsync(Shell shell, CancellationToken cancellationToken)
    {
        var guest = Cast(shell);
        EnsureAlive(guest, "resume");
        await QmpAsync(guest, "cont", null, cancellationToken).ConfigureAwait(false);
        shell.IsPaused = false;
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
            if (!await TryPoweroffAsync(guest).ConfigureAwait(false) && !await TryQuitAsync(guest).ConfigureAwait(false))
            {
                process.SignalGroup(SpawnedProcess.SigKill);
            }

            try
            {
                await guest.Exited.WaitAsync(TimeSpan.FromSeconds(10), _time, CancellationToken.None).ConfigureAwait(false);
                await guest.Pump.WaitAsync(TimeSpan.FromSeconds(5), _time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogDestroyProblem(shell.Spec.Service, shell.Id, "QEMU did not end after SIGKILL");
            }

            process.Dispose();
        }
        else
        {
            guest.SetExited("destroyed before it started");
        }

        if (guest.Qmp is { } qmp)
        {
            await qmp.DisposeAsync().ConfigureAwait(false);
        }

        guest.Tap?.Dispose();
        guest.Neighbour?.Dispose();
        ReturnAddress(guest);
        DeleteQuietly(guest, () => File.Delete(guest.PageMirror), guest.PageMirror);
        DeleteQuietly(guest, () => { if (Directory.Exists(guest.Directory)) { Directory.Delete(guest.Directory, recursive: true); } }, guest.Directory);
        LogDestroyed(shell.Spec.Service, shell.Id);
    }

    private static QemuShell Cast(Shell shell) =>
        shell as QemuShell ?? throw new ArgumentException($"Shell {shell?.Id:N} was not made by the qemu driver.", nameof(shell));

    private static void EnsureAlive(QemuShell guest, string what)
    {
        if (guest.HasExited || guest.Process is null || guest.IsReleased)
        {
            throw new GuestStartException($"Cannot {what} the shell {guest.Id:N}: its QEMU is gone ({(guest.Exited.IsCompleted ? guest.Exited.Result : "destroyed")}). Console: {guest.ConsoleTail()}");
        }
    }

    private static Exception Wrap(Exception e, string what) =>
        e is GuestStartException or OperationCanceledException ? e : new GuestStartException($"{what}: {e.Message}", e);

    private (QemuNetwork Network, string Reason) DecideNetwork() => _network.Value;

    /// <summary>A bridge address (tap), or a loopback address whose <paramref name="port"/> is free (the host end of the user-mode forward).</summary>
    private IPAddress RentAddress(QemuNetwork network, int port) =>
        network == QemuNetwork.User ? _loopback.Rent(port) : _addresses.Rent();

    private bool TryRentAddress(QemuNetwork network, IPAddress address, int port) =>
        network == QemuNetwork.User ? _loopback.TryRent(address, port) : _addresses.TryRent(address);

    private void ReturnAddress(QemuShell shell)
    {
        if (shell.IsUserNetwork)
        {
            _loopback.Return(shell.Endpoint.Address);
        }
        else
        {
            _addresses.Return(shell.Endpoint.Address);
        }
    }

    private QemuShell NewShell(Guid id, ShellSpec spec, IPAddress address, QemuMachine machine)
    {
        var directory = Path.Combine(_options.StateDirectory, "guests", id.ToString("N"));
        var mirror = Path.Combine(_options.PageMirrorDirectory, $"lightvm-qemu-page-{id:N}");
        return new QemuShell(id, spec, new IPEndPoint(address, spec.Port), _time.GetUtcNow(), directory, mirror, machine);
    }

    /// <summary>Plugs the tap (tap mode), spawns QEMU (booting, or waiting for <paramref name="incoming"/>), pumps its console, connects QMP.</summary>
    private async Task StartAsync(QemuShell shell, string? incoming, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(shell.Directory);
        File.WriteAllBytes(shell.PageMirror, new byte[DevicePageLayout.MaxPageSize]);
        if (!shell.IsUserNetwork)
        {
            shell.Tap = _taps.Plug(new TapRequest { Name = "lq" + shell.Id.ToString("N")[..10], Bridge = _options.Bridge, Isolated = shell.Spec.Isolated });
            // The page's MAC (from the id): a restored clone's device keeps the saved MAC until its init sets this one.
            shell.Neighbour ??= PinnedNeighbour.Pin(_options.Bridge, shell.Endpoint.Address, GuestMac.For(shell.Id));
        }

        var args = QemuCommandLine.Build(shell.Machine, shell.QmpSocket, shell.PageMirror, incoming, shell.IsUserNetwork ? shell.Endpoint : null, _options.UserNetworkRestrict);
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin", ["HOME"] = shell.Directory };
        shell.Process = SpawnedProcess.Start(_options.QemuBinary, args, environment, shell.Tap is { } tap ? [tap.Handle] : []);
        shell.Tap?.Dispose(); // QEMU holds the tap now; it goes when QEMU goes
        shell.Pump = PumpConsoleAsync(shell);
        _ = shell.Process.Exited.ContinueWith(
            t => OnExited(shell, t.Result),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        try
        {
            shell.Qmp = await QmpClient.ConnectAsync(shell.QmpSocket, _options.QmpTimeout, _time, shell.Exited, cancellationToken).ConfigureAwait(false);
        }
        catch (QmpException e)
        {
            // QEMU that refuses its command line exits at once: say so with what it printed, not as a socket problem.
            await Task.WhenAny(shell.Pump, Task.Delay(TimeSpan.FromSeconds(2), _time, CancellationToken.None)).ConfigureAwait(false);
            if (!shell.HasExited)
            {
                throw;
            }

            throw new GuestStartException($"The QEMU guest {shell.Id:N} ended while booting ({await shell.Exited.ConfigureAwait(false)}). Console: {shell.ConsoleTail()}", e);
        }
        shell.Qmp.EventReceived += e => OnEvent(shell, e);
    }

    private void OnExited(QemuShell shell, int status)
    {
        var how = "QEMU " + SpawnedProcess.Describe(status) + (shell.ShutdownReason is { } reason ? $" ({reason})" : string.Empty);
        shell.SetExited(how);
        if (!shell.IsReleased)
        {
            LogExited(shell.Spec.Service, shell.Id, how);
        }
    }

    private void OnEvent(QemuShell shell, QmpEvent e)
    {
        if (e.Name == "SHUTDOWN")
        {
            shell.ShutdownReason = e.DataString("reason") ?? "shutdown";
        }
        else if (e.Name is "GUEST_PANICKED" or "BLOCK_IO_ERROR")
        {
            shell.ShutdownReason = e.Name.ToLowerInvariant();
        }
    }

    private async Task<JsonElement> QmpAsync(QemuShell shell, string command, JsonObject? arguments, CancellationToken cancellationToken)
    {
        var qmp = shell.Qmp ?? throw new GuestStartException($"The shell {shell.Id:N} has no QMP connection.");
        return await qmp.ExecuteAsync(command, arguments, _options.QmpTimeout, cancellationToken).ConfigureAwait(false);
    }

    private static void WritePage(QemuShell guest, DevicePage page)
    {
        DevicePageWriter.WriteFile(guest.PagePath, page);
        var bytes = DevicePageWriter.Serialize(page);
        using (var handle = File.OpenHandle(guest.PageMirror, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.Write(handle, bytes, 0);
        }

        guest.Page = page;
    }

    /// <summary>The doorbell: a line on the guest's serial console makes its init look at the page now.</summary>
    private static void Ring(QemuShell guest)
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

    /// <summary>Asks a running guest to power off through its page (sysctl word); true when QEMU ended within the grace.</summary>
    private async Task<bool> TryPoweroffAsync(QemuShell guest)
    {
        if (guest.Page is not { } page || guest.HasExited || guest.IsPaused || _options.PoweroffGrace <= TimeSpan.Zero)
        {
            return guest.HasExited;
        }

        try
        {
            WritePage(guest, page with { Generation = page.Generation + 1, Sysctl = SysctlRequest.Poweroff });
            Ring(guest);
            await guest.Exited.WaitAsync(_options.PoweroffGrace, _time).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or IOException or GuestStartException)
        {
            return false;
        }
    }

    /// <summary>QMP quit; true when QEMU ended within the grace.</summary>
    private async Task<bool> TryQuitAsync(QemuShell guest)
    {
        if (guest.HasExited)
        {
            return true;
        }

        try
        {
            await QmpAsync(guest, "quit", null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or TimeoutException or GuestStartException)
        {
            // QEMU may close the socket before answering; its exit decides.
        }

        try
        {
            await guest.Exited.WaitAsync(_options.QuitGrace, _time).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task PumpConsoleAsync(QemuShell guest)
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
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // QEMU is gone.
            }
        }
    }

    private void DeleteQuietly(QemuShell guest, Action delete, string what)
    {
        try
        {
            delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDestroyProblem(guest.Spec.Service, guest.Id, $"cannot delete {what}: {e.Message}");
        }
    }

    private async Task<(QemuAccelerator Accelerator, string Reason)> DecideAcceleratorAsync(string kernel, CancellationToken cancellationToken)
    {
        if (_probe is { IsCompletedSuccessfully: true } done)
        {
            return done.Result;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_probe is null || _probe.IsFaulted || _probe.IsCanceled)
            {
                _probe = _options.Accelerator switch
                {
                    "kvm" => Task.FromResult((QemuAccelerator.Kvm, "configured: kvm")),
                    "tcg" => Task.FromResult((QemuAccelerator.Tcg, "configured: tcg")),
                    _ => KvmProbe.ProbeAsync(_options.QemuBinary, kernel, _options.StateDirectory, _options.KvmProbeTimeout, _time, cancellationToken),
                };
            }

            var result = await _probe.ConfigureAwait(false);
            LogAccelerator(result.Accelerator, result.Reason);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task EnsureBridgeAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _bridgeReady))
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
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
            _gate.Release();
        }
    }
}
