using System.Net;
using LightVm.Devd;
using LightVm.Toolstack.Native;

namespace LightVm.Toolstack.Drivers.Uml;

/// <summary>A booted UML guest, stopped at its init's wait for the device page.</summary>
internal sealed class UmlShell : Shell
{
    private readonly TaskCompletionSource<string> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _released;

    public UmlShell(Guid id, ShellSpec spec, IPEndPoint endpoint, DateTimeOffset preparedAt, string directory)
        : base(id, spec, endpoint, preparedAt)
    {
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>The host's own copy of the page (never shared with the guest).</summary>
    public string PagePath => Path.Combine(Directory, "page");

    /// <summary>The 4 KiB file UML maps as iomem: the host writes it, never reads it.</summary>
    public string PageMirror => Path.Combine(Directory, "page.mem");

    public string ConsolePath => Path.Combine(Directory, "console.log");

    public SpawnedProcess? Process { get; set; }

    public PluggedTap? Tap { get; set; }

    /// <summary>The bridge's permanent ARP entry for the guest's address (set before the guest takes it).</summary>
    public PinnedNeighbour? Neighbour { get; set; }

    public Task Pump { get; set; } = Task.CompletedTask;

    /// <summary>The host processes that pause stops (UML kernel side, not the traced guest processes).</summary>
    public IReadOnlyList<int> Stopped { get; set; } = [];

    public override int? HostPid => Process?.Pid;

    public override string Accelerator => "uml";

    public override Task<string> Exited => _exited.Task;

    /// <summary>Completes when the init said it waits for its page.</summary>
    public Task Waiting => _waiting.Task;

    public ConsoleBuffer Output { get; } = new();

    public void SetWaiting() => _waiting.TrySetResult();

    public void SetExited(string how)
    {
        _exited.TrySetResult(how);
        _waiting.TrySetException(new GuestStartException($"The UML guest {Id:N} ended while booting ({how}). Console: {ConsoleTail()}"));
    }

    public bool TryMarkReleased() => Interlocked.Exchange(ref _released, 1) == 0;

    public override string ConsoleTail(int lines = 10) => Output.Tail(lines);
}
