using System.Globalization;
using System.Runtime.InteropServices;

namespace LightVm.Toolstack.Native;

/// <summary>
/// The nice value of every thread of a process. Linux keeps niceness per thread (<c>setpriority(PRIO_PROCESS, tid)</c>
/// changes one thread), and new threads inherit their creator's, so each task under <c>/proc/PID/task</c> is set.
/// Lowering a nice value again needs CAP_SYS_NICE: callers check <see cref="CanRaise"/> first.
/// </summary>
internal static partial class SchedulingPriority
{
    private const int PrioProcess = 0;

    /// <summary>True when this process may give threads back a higher priority (root, or CAP_SYS_NICE as root has it).</summary>
    public static bool CanRaise { get; } = Environment.IsPrivilegedProcess;

    /// <summary>Sets <paramref name="nice"/> on every thread of <paramref name="pid"/>; false when the process is gone or refused.</summary>
    public static bool TrySet(int pid, int nice)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var all = true;
        foreach (var task in tasks)
        {
            if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid) && SetPriority(PrioProcess, tid, nice) != 0)
            {
                all = false;
            }
        }

        return all;
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);
}
