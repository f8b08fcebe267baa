using System.Net;

namespace LightVm.Toolstack.Drivers.Process;

/// <summary>A started guest process waiting on its stdin for the host's "go" after its page is written.</summary>
internal sealed class ProcessShell : Shell
{
    private readonly TaskCompletionSource<string> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _released;

    public ProcessShell(Guid id, ShellSpec spec, IPEndPoint endpoint, DateTimeOffset preparedAt, System.Diagnostics.Process process, string directory)
        : base(id, spec, endpoint, preparedAt)
    {
        Process = process;
        Directory = directory;
        PagePath = System.IO.Path.Combine(directory, "page");
        ConsolePath = System.IO.Path.Combine(directory, "console.log");
    }

    public System.Diagnostics.Process Process { get; }

    public int Pid => Process.Id;

    public override int? HostPid => Pid;

    public string Directory { get; }

    public string PagePath { get; }

    public string ConsolePath { get; }

    public Task Pumps { get; set; } = Task.CompletedTask;

    public override Task<string> Exited => _exited.Task;

    /// <summary>True exactly once: the first caller frees the shell's resources.</summary>
    public bool TryMarkReleased() => Interlocked.Exchange(ref _released, 1) == 0;

    public void SetExited(string how) => _exited.TrySetResult(how);

    /// <summary>Completes when the guest says it waits for "go" (its start-up and warm-up are done).</summary>
    public Task Waiting => _waiting.Task;

    public void SetWaiting() => _waiting.TrySetResult();

    public ConsoleBuffer Output { get; } = new();

    public override string ConsoleTail(int lines = 10) => Output.Tail(lines);
}
