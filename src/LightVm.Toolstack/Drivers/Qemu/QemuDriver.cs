using LightVm.Devd.Network;
using LightVm.Noxs;
using LightVm.Toolstack.Drivers.Vm;
using LightVm.Toolstack.Native;
using Microsoft.Extensions.Logging;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// Hardware VMs (KVM where it really works, else TCG) on QEMU's <c>microvm</c> machine. Prepare boots the
/// kernel and initramfs until the guest init waits for its page, then stops the VM over QMP; execute writes the
/// page into the guest's ivshmem region, continues the VM and rings the console doorbell. Pause/resume are QMP
/// stop/cont; save migrates the stopped VM into a file, restore starts QEMU with <c>-incoming</c> from it.
/// The NIC is a tap that the <see cref="GuestNetwork"/> (Devd) plugged into the bridge, passed to QEMU as a
/// descriptor; where taps cannot be made (not root), QEMU's user-mode networking with one forwarded port per guest
/// (<see cref="QemuDriverOptions.Network"/>). Networking: QemuDriver.Network.cs; QEMU's process, QMP and the
/// accelerator probe: QemuDriver.Machine.cs; save and restore: QemuDriver.Snapshots.cs. Contract: docs/vm-guests.md.
/// </summary>
public sealed partial class QemuDriver : IGuestDriver
{
    private const long MigrationBandwidth = 64L << 30;
    private readonly QemuDriverOptions _options;
    private readonly GuestNetwork _network;
    private readonly Lazy<(QemuNetwork Network, string Reason)> _networkMode;
    private readonly TimeProvider _time;
    private readonly ILogger<QemuDriver> _logger;
    private readonly SemaphoreSlim _probeGate = new(1, 1);
    private Task<(QemuAccelerator Accelerator, string Reason)>? _probe;

    public QemuDriver(QemuDriverOptions options, GuestNetwork network, TimeProvider time, ILogger<QemuDriver> logger)
        : this(options, network, TapCapabilityProbe.Probe, time, logger)
    {
    }

    /// <param name="network">The bridge and its addresses (tap mode), the loopback addresses of the forwards (user mode).</param>
    /// <param name="canMakeTaps">The check behind the <c>auto</c> network mode, asked once.</param>
    public QemuDriver(QemuDriverOptions options, GuestNetwork network, Func<TapCapability> canMakeTaps, TimeProvider time, ILogger<QemuDriver> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(network);
        _options = options;
        _network = network;
        _time = time;
        _logger = logger;
        _networkMode = new Lazy<(QemuNetwork, string)>(() =>
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
        await EnsureBridgeAsync(network, cancellationToken).ConfigureAwait(false);

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
        guest.WritePage(page);
        try
        {
            await QmpAsync(guest, "cont", null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or TimeoutException)
        {
            throw new GuestStartException($"The shell {shell.Id:N} could not be continued: {e.Message}. Console: {shell.ConsoleTail()}", e);
        }

        guest.Ring();
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
            if (!await guest.TryPoweroffAsync(_options.PoweroffGrace, _time).ConfigureAwait(false) && !await TryQuitAsync(guest).ConfigureAwait(false))
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

        UnplugNic(guest);
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
}
