using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LightVm.Noxs;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// Save and restore. Save migrates the stopped VM into a file (QEMU 7.2 has no <c>file:</c> URI: an
/// <c>exec:</c> of <c>cat</c> writes it, and a rename marks it whole), writes <c>&lt;file&gt;.json</c> beside it and frees
/// the guest. Restore starts QEMU with <c>-incoming</c> from the file, stopped. A snapshot of a prepared shell
/// (booted, waiting for its page) restores to a new prepared shell with a new id and address: every clone gets
/// its identity from the page its execute writes, so clones of one file never share one. A snapshot of an
/// executed guest restores that same guest (same id and address, the page again with the next generation) and
/// is continued; while it runs, a second restore of it is refused.
/// </summary>
public sealed partial class QemuDriver
{
    private static readonly TimeSpan StatusPoll = TimeSpan.FromMilliseconds(1);

    public async Task SaveAsync(Shell shell, string path, CancellationToken cancellationToken)
    {
        var guest = Cast(shell);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('\'', StringComparison.Ordinal) || path.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The snapshot path '{path}' may not contain quotes or newlines (QEMU writes it through a shell).", nameof(path));
        }

        EnsureAlive(guest, "save");
        var started = _time.GetTimestamp();
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = full + ".part";
        File.Delete(full);
        File.Delete(partial);
        if (!guest.IsPaused)
        {
            await QmpAsync(guest, "stop", null, cancellationToken).ConfigureAwait(false);
        }

        var finished = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnMigration(QmpEvent e)
        {
            if (e.Name == "MIGRATION" && e.DataString("status") is "completed" or "failed" or "cancelled")
            {
                finished.TrySetResult(e.DataString("status")!);
            }
        }

        var qmp = guest.Qmp!;
        qmp.EventReceived += OnMigration;
        try
        {
            await QmpAsync(guest, "migrate-set-capabilities", new JsonObject { ["capabilities"] = new JsonArray(new JsonObject { ["capability"] = "events", ["state"] = true }) }, cancellationToken).ConfigureAwait(false);
            await QmpAsync(guest, "migrate-set-parameters", new JsonObject { ["max-bandwidth"] = MigrationBandwidth }, cancellationToken).ConfigureAwait(false);
            await QmpAsync(guest, "migrate", new JsonObject { ["uri"] = $"exec:cat > '{partial}' && mv -f '{partial}' '{full}'" }, cancellationToken).ConfigureAwait(false);
            string status;
            try
            {
                status = await finished.Task.WaitAsync(_options.MigrationTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new GuestStartException($"Saving the guest {shell.Id:N} to '{full}' did not finish within {_options.MigrationTimeout.TotalSeconds:0.#} s.");
            }

            if (status != "completed")
            {
                var detail = await QmpAsync(guest, "query-migrate", null, cancellationToken).ConfigureAwait(false);
                throw new GuestStartException($"Saving the guest {shell.Id:N} to '{full}' {status}: {(detail.TryGetProperty("error-desc", out var error) ? error.GetString() : detail.ToString())}");
            }

            await WaitForFileAsync(full, partial, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or TimeoutException)
        {
            File.Delete(partial);
            throw new GuestStartException($"Saving the guest {shell.Id:N} to '{full}' failed: {e.Message}", e);
        }
        finally
        {
            qmp.EventReceived -= OnMigration;
        }

        new QemuSnapshot
        {
            Service = shell.Spec.Service,
            Machine = guest.Machine,
            GuestId = guest.Page is null ? null : guest.Id,
            Address = guest.Page is null ? null : guest.Endpoint.Address.ToString(),
            Page = guest.Page is { } page ? Convert.ToBase64String(DevicePageWriter.Serialize(page)) : null,
            SavedAt = _time.GetUtcNow(),
        }.Write(full);
        shell.IsPaused = true; // no poweroff through the page: the state is saved, QEMU just quits
        await DestroyAsync(shell, cancellationToken).ConfigureAwait(false);
        var saveMs = _time.GetElapsedTime(started).TotalMilliseconds;
        LogSaved(shell.Spec.Service, shell.Id, full, saveMs);
    }

    public async Task<Shell> RestoreAsync(ShellSpec spec, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('\'', StringComparison.Ordinal) || path.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The snapshot path '{path}' may not contain quotes or newlines (QEMU reads it through a shell).", nameof(path));
        }

        _options.Validate();
        var full = Path.GetFullPath(path);
        var snapshot = QemuSnapshot.Read(full);
        if (snapshot.Service != spec.Service)
        {
            throw new GuestStartException($"The snapshot '{full}' is of service '{snapshot.Service}', not '{spec.Service}'.");
        }

        var network = snapshot.Machine.Network; // the saved guest's kind of NIC, whatever new guests get
        await EnsureBridgeAsync(network, cancellationToken).ConfigureAwait(false);

        var started = _time.GetTimestamp();
        DevicePage? page = null;
        Guid id;
        IPAddress address;
        if (snapshot.GuestId is { } savedId)
        {
            page = DevicePageReader.Read(Convert.FromBase64String(snapshot.Page ?? throw new GuestStartException($"The snapshot metadata of '{full}' has a guest id but no page.")));
            id = savedId;
            address = IPAddress.Parse(snapshot.Address ?? throw new GuestStartException($"The snapshot metadata of '{full}' has a guest id but no address."));
            if (!TryRentAddress(network, address, spec.Port))
            {
                throw new GuestStartException($"Cannot restore guest {id:N} from '{full}': its address {address} is in use (is a restore of this guest running already? Only snapshots of prepared shells can be cloned).");
            }
        }
        else
        {
            id = Guid.NewGuid();
            address = RentAddress(network, spec.Port); // a clone's own address (user mode: its own forwarded port)
        }

        var shell = NewShell(id, spec, address, snapshot.Machine);
        try
        {
            await StartAsync(shell, $"exec:cat '{full}'", cancellationToken).ConfigureAwait(false);
            await WaitForIncomingAsync(shell, cancellationToken).ConfigureAwait(false);
            shell.SetWaiting();
            if (page is not null)
            {
                shell.WritePage(page with { Generation = page.Generation + 1 });
                await QmpAsync(shell, "cont", null, cancellationToken).ConfigureAwait(false);
                shell.Ring();
            }

            var restoreMs = _time.GetElapsedTime(started).TotalMilliseconds;
            LogRestored(spec.Service, id, full, restoreMs);
            return shell;
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            await DestroyAsync(shell, CancellationToken.None).ConfigureAwait(false);
            throw Wrap(e, $"Restoring '{full}' failed");
        }
    }

    /// <summary>Waits until the incoming migration is over and the VM sits stopped (QEMU started with -S).</summary>
    private async Task WaitForIncomingAsync(QemuShell shell, CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp() + (long)(_options.MigrationTimeout.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            var status = (await QmpAsync(shell, "query-status", null, cancellationToken).ConfigureAwait(false)).GetProperty("status").GetString();
            switch (status)
            {
                case "paused" or "prelaunch" or "postmigrate":
                    return;
                case "inmigrate":
                    break;
                default:
                    throw new GuestStartException($"The incoming migration of {shell.Id:N} ended in state '{status}'. Console: {shell.ConsoleTail()}");
            }

            if (_time.GetTimestamp() > deadline)
            {
                throw new GuestStartException($"The incoming migration of {shell.Id:N} did not finish within {_options.MigrationTimeout.TotalSeconds:0.#} s.");
            }

            await Task.Delay(StatusPoll, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>QEMU's migration is over when it has written the stream; the file is whole when cat has ended and renamed it.</summary>
    private async Task WaitForFileAsync(string full, string partial, CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp() + (long)(_options.MigrationTimeout.TotalSeconds * _time.TimestampFrequency);
        while (!File.Exists(full))
        {
            if (_time.GetTimestamp() > deadline)
            {
                throw new GuestStartException($"The migration finished but '{full}' never appeared (the writer of {partial} failed?).");
            }

            await Task.Delay(StatusPoll, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
