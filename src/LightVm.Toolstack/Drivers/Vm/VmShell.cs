using System.Net;
using System.Text;
using LightVm.Devd;
using LightVm.Noxs;
using LightVm.Toolstack.Native;

namespace LightVm.Toolstack.Drivers.Vm;

/// <summary>
/// A VM guest (uml, qemu) booted to its init's wait for the device page, or running: its per-guest directory,
/// host process, tap and pinned neighbour, console, and the page it is driven by (a file the host keeps and a
/// shared-memory mirror the guest reads, rung through its console).
/// </summary>
internal abstract class VmShell : Shell
{
    /// <summary>What the guest init says on the console when it waits for its page.</summary>

    private readonly TaskCompletionSource<string> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _released;

    protected VmShell(Guid id, ShellSpec spec, IPEndPoint endpoint, DateTimeOffset preparedAt, string directory, string pageMirror)
        : base(id, spec, endpoint, preparedAt)
    {
        Directory = directory;
        PageMirror = pageMirror;
    }

    public string Directory { get; }

    /// <summary>The host's own copy of the page (never shared with the guest).</summary>
    public string PagePath => Path.Combine(Directory, "page");

    /// <summary>The 4 KiB shared file the guest maps as its page: the host writes it, never reads it.</summary>
    public string PageMirror { get; }

    public string ConsolePath => Path.Combine(Directory, "console.log");

    public SpawnedProcess? Process { get; set; }

    public PluggedTap? Tap { get; set; }

    /// <summary>The bridge's permanent ARP entry for the guest's address (set before the guest takes it).</summary>
    public PinnedNeighbour? Neighbour { get; set; }

    public Task Pump { get; set; } = Task.CompletedTask;

    public override int? HostPid => Process?.Pid;

    public override Task<string> Exited => _exited.Task;

    /// <summary>Completes when the init said it waits for its page.</summary>
    public Task Waiting => _waiting.Task;

    public ConsoleBuffer Output { get; } = new();

    public bool IsReleased => Volatile.Read(ref _released) == 1;

    /// <summary>"UML", "QEMU": what the errors call the guest.</summary>
    protected abstract string Kind { get; }

    public void SetWaiting() => _waiting.TrySetResult();

    public void SetExited(string how)
    {
        _exited.TrySetResult(how);
        _waiting.TrySetException(new GuestStartException($"The {Kind} guest {Id:N} ended while booting ({how}). Console: {ConsoleTail()}"));
    }

    public bool TryMarkReleased() => Interlocked.Exchange(ref _released, 1) == 0;

    public override string ConsoleTail(int lines = 10) => Output.Tail(lines);

    /// <summary>Writes <paramref name="page"/> to the host's copy and to the guest's mirror.</summary>
    public void WritePage(DevicePage page)
    {
        DevicePageWriter.WriteFile(PagePath, page);
        var bytes = DevicePageWriter.Serialize(page);
        using (var handle = File.OpenHandle(PageMirror, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.Write(handle, bytes, 0);
        }

        Page = page;
    }

    /// <summary>The doorbell: a line on the guest's console makes its init look at the page now.</summary>
    public void Ring()
    {
        try
        {
            Process!.StandardInput.Write("\n"u8);
            Process.StandardInput.Flush();
        }
        catch (IOException e)
        {
            throw new GuestStartException($"The shell {Id:N} closed its console before execute: {e.Message}", e);
        }
    }

    /// <summary>Asks a running guest to power off through its page (sysctl word); true when it ended within <paramref name="grace"/>.</summary>
    public async Task<bool> TryPoweroffAsync(TimeSpan grace, TimeProvider time)
    {
        if (Page is not { } page || HasExited || IsPaused || grace <= TimeSpan.Zero)
        {
            return HasExited;
        }

        try
        {
            WritePage(page with { Generation = page.Generation + 1, Sysctl = SysctlRequest.Poweroff });
            Ring();
            await Exited.WaitAsync(grace, time).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or IOException or GuestStartException)
        {
            return false;
        }
    }

    /// <summary>
    /// Copies the console into <see cref="Output"/> and the console log until the guest is gone; marks the shell
    /// waiting on the init's <see cref="GuestLink.InitWaitingLine"/> and hands every other line to <paramref name="onLine"/>.
    /// </summary>
    public async Task PumpConsoleAsync(Action<string>? onLine = null)
    {
        var log = new StreamWriter(ConsolePath, append: true, new UTF8Encoding(false)) { AutoFlush = true };
        await using (log.ConfigureAwait(false))
        {
            using var reader = new StreamReader(Process!.Output, new UTF8Encoding(false), false, 4096, leaveOpen: true);
            try
            {
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    Output.Add(line);
                    await log.WriteLineAsync(line).ConfigureAwait(false);
                    if (line.Contains(GuestLink.InitWaitingLine, StringComparison.Ordinal))
                    {
                        SetWaiting();
                    }
                    else
                    {
                        onLine?.Invoke(line);
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The guest is gone.
            }
        }
    }
}
