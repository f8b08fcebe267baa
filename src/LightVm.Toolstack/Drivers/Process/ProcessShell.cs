using System.Net;
using System.Text;

namespace LightVm.Toolstack.Drivers.Process;

/// <summary>A started guest process waiting on its stdin for the host's "go" after its page is written.</summary>
internal sealed class ProcessShell : Shell
{
    private readonly TaskCompletionSource<string> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _tail = new();
    private readonly Lock _tailLock = new();
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

    public string Directory { get; }

    public string PagePath { get; }

    public string ConsolePath { get; }

    public Task Pumps { get; set; } = Task.CompletedTask;

    public override Task<string> Exited => _exited.Task;

    /// <summary>True exactly once: the first caller frees the shell's resources.</summary>
    public bool TryMarkReleased() => Interlocked.Exchange(ref _released, 1) == 0;

    public void SetExited(string how) => _exited.TrySetResult(how);

    public void AddConsoleLine(string line)
    {
        lock (_tailLock)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 50)
            {
                _tail.Dequeue();
            }
        }
    }

    public override string ConsoleTail(int lines = 10)
    {
        lock (_tailLock)
        {
            var text = new StringBuilder();
            foreach (var line in _tail.Skip(Math.Max(0, _tail.Count - lines)))
            {
                text.Append(line).Append(" | ");
            }

            return text.Length == 0 ? "(empty)" : text.ToString(0, text.Length - 3);
        }
    }
}
