using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LightVm.Noxs;
using LightVm.Toolstack.Native;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>QEMU itself: its per-guest files, its process and console, its QMP connection and events, the accelerator probe.</summary>
public sealed partial class QemuDriver
{
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
        PlugNic(shell);
        var args = QemuCommandLine.Build(shell.Machine, shell.QmpSocket, shell.PageMirror, incoming, shell.IsUserNetwork ? shell.Endpoint : null, _options.UserNetworkRestrict);
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin", ["HOME"] = shell.Directory };
        shell.Process = SpawnedProcess.Start(_options.QemuBinary, args, environment, shell.Tap is { } tap ? [tap.Handle] : []);
        shell.Tap?.Dispose(); // QEMU holds the tap now; it goes when QEMU goes
        shell.Pump = shell.PumpConsoleAsync();
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

        await _probeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
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
            _probeGate.Release();
        }
    }
}
