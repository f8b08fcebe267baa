using System.Net;
using LightVm.Devd;

namespace LightVm.Toolstack.Drivers.Oci;

/// <summary>A runc container prepared for one guest: created (and, pre-booted, started), NIC plugged, waiting for its page.</summary>
internal sealed class OciShell : Shell
{
    private readonly TaskCompletionSource<string> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _released;

    public OciShell(Guid id, ShellSpec spec, IPEndPoint endpoint, DateTimeOffset preparedAt, string bundle, string cgroupsPath)
        : base(id, spec, endpoint, preparedAt)
    {
        Bundle = bundle;
        CgroupsPath = cgroupsPath;
        PageDirectory = Path.Combine(bundle, "page");
        PagePath = Path.Combine(PageDirectory, "page");
        ConsolePath = Path.Combine(bundle, "console.log");
    }

    public string ContainerId => "lv-" + Id.ToString("N");

    public string Bundle { get; }

    public string CgroupsPath { get; }

    public string PageDirectory { get; }

    public string PagePath { get; }

    public string ConsolePath { get; }

    /// <summary><c>runc create</c>: exited by now, but its stdio pipes are the container's.</summary>
    public System.Diagnostics.Process? Creator { get; set; }

    public int Pid { get; set; }

    public override int? HostPid => Pid == 0 ? null : Pid;

    public PluggedNic? Nic { get; set; }

    public bool Started { get; set; }

    /// <summary>True when the app speaks the host link (waits for <c>go</c> on stdin); false for a plain app started at execute.</summary>
    public bool Noxs { get; init; } = true;

    public Task Pumps { get; set; } = Task.CompletedTask;

    public override Task<string> Exited => _exited.Task;

    public void SetExited(string how) => _exited.TrySetResult(how);

    /// <summary>True exactly once: the first caller frees the shell's resources.</summary>
    public bool TryMarkReleased() => Interlocked.Exchange(ref _released, 1) == 0;

    public ConsoleBuffer Output { get; } = new();

    public override string ConsoleTail(int lines = 10) => Output.Tail(lines);
}
