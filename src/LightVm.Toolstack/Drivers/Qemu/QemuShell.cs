using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using LightVm.Devd;
using LightVm.Toolstack.Native;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>A QEMU guest: booted to its init's wait for the device page and stopped (prepared), or running.</summary>
internal sealed class QemuShell : Shell
{
    private readonly TaskCompletionSource<string> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly TimeSpan UsernetPoll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan UsernetTimeout = TimeSpan.FromSeconds(5);
    private int _released;

    public QemuShell(Guid id, ShellSpec spec, IPEndPoint endpoint, DateTimeOffset preparedAt, string directory, string pageMirror, QemuMachine machine)
        : base(id, spec, endpoint, preparedAt)
    {
        Directory = directory;
        PageMirror = pageMirror;
        Machine = machine;
    }

    public string Directory { get; }

    public QemuMachine Machine { get; }

    /// <summary>The host's own copy of the page (never shared with the guest).</summary>
    public string PagePath => Path.Combine(Directory, "page");

    /// <summary>The 4 KiB shared-memory file behind the guest's ivshmem device: the host writes it, never reads it.</summary>
    public string PageMirror { get; }

    public string ConsolePath => Path.Combine(Directory, "console.log");

    public string QmpSocket => Path.Combine(Directory, "qmp.sock");

    public SpawnedProcess? Process { get; set; }

    public QmpClient? Qmp { get; set; }

    public PluggedTap? Tap { get; set; }

    /// <summary>The bridge's permanent ARP entry for the guest's address (set before the guest takes it).</summary>
    public PinnedNeighbour? Neighbour { get; set; }

    public Task Pump { get; set; } = Task.CompletedTask;

    /// <summary>The reason of QEMU's last SHUTDOWN event (guest-shutdown, guest-reset, guest-panic, host-qmp-quit...).</summary>
    public string? ShutdownReason { get; set; }

    public override int? HostPid => Process?.Pid;

    public override string Accelerator => Machine.Accelerator == QemuAccelerator.Kvm ? "kvm" : "tcg";

    public bool IsUserNetwork => Machine.Network == QemuNetwork.User;

    public override IPAddress GuestAddress => IsUserNetwork ? QemuUserNetwork.GuestAddress : base.GuestAddress;

    public override byte GuestPrefixLength => IsUserNetwork ? QemuUserNetwork.PrefixLength : base.GuestPrefixLength;

    public override IPAddress? GuestGateway => IsUserNetwork ? QemuUserNetwork.Gateway : base.GuestGateway;

    /// <summary>
    /// User mode: slirp accepts on the forward at once (even while the VM is stopped) and only then connects to the guest;
    /// it closes the host end when the guest refuses, and lists the connection ESTABLISHED when the guest accepted. So
    /// this watches slirp's connection table (<c>info usernet</c> over QMP) until one or the other.
    /// </summary>
    public override async Task<bool> GuestAcceptedAsync(Socket connection, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!IsUserNetwork)
        {
            return true;
        }

        while (true)
        {
            if (connection.Poll(0, SelectMode.SelectRead))
            {
                return connection.Available > 0; // end of file: the guest refused (data: a guest that speaks first is there)
            }

            if (Qmp is not { } qmp || HasExited)
            {
                return false;
            }

            try
            {
                var table = await qmp.ExecuteAsync("human-monitor-command", new JsonObject { ["command-line"] = "info usernet" }, UsernetTimeout, cancellationToken).ConfigureAwait(false);
                if (QemuUserNetwork.GuestAccepted(table.GetString() ?? string.Empty, Endpoint.Port))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is QmpException or TimeoutException)
            {
                return false; // QEMU going away: the probe sees the exit next
            }

            await Task.Delay(UsernetPoll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<string> Exited => _exited.Task;

    /// <summary>Completes when the init said it waits for its page.</summary>
    public Task Waiting => _waiting.Task;

    public ConsoleBuffer Output { get; } = new();

    public void SetWaiting() => _waiting.TrySetResult();

    public void SetExited(string how)
    {
        _exited.TrySetResult(how);
        _waiting.TrySetException(new GuestStartException($"The QEMU guest {Id:N} ended while booting ({how}). Console: {ConsoleTail()}"));
    }

    public bool TryMarkReleased() => Interlocked.Exchange(ref _released, 1) == 0;

    public bool IsReleased => Volatile.Read(ref _released) == 1;

    public override string ConsoleTail(int lines = 10) => Output.Tail(lines);
}
