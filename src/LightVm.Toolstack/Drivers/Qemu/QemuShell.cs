using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using LightVm.Toolstack.Drivers.Vm;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>A QEMU guest: booted to its init's wait for the device page and stopped (prepared), or running.</summary>
internal sealed class QemuShell : VmShell
{
    private static readonly TimeSpan UsernetPoll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan UsernetTimeout = TimeSpan.FromSeconds(5);

    public QemuShell(Guid id, ShellSpec spec, IPEndPoint endpoint, DateTimeOffset preparedAt, string directory, string pageMirror, QemuMachine machine)
        : base(id, spec, endpoint, preparedAt, directory, pageMirror)
    {
        Machine = machine;
    }

    public QemuMachine Machine { get; }

    public string QmpSocket => Path.Combine(Directory, "qmp.sock");

    public QmpClient? Qmp { get; set; }

    /// <summary>The reason of QEMU's last SHUTDOWN event (guest-shutdown, guest-reset, guest-panic, host-qmp-quit...).</summary>
    public string? ShutdownReason { get; set; }

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

    protected override string Kind => "QEMU";
}
