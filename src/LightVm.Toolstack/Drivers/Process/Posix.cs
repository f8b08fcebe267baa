using System.Runtime.InteropServices;

namespace LightVm.Toolstack.Drivers.Process;

/// <summary>The few libc calls the process driver needs (signals). Kept in one small, privileged seam.</summary>
internal static partial class Posix
{
    public const int SigKill = 9;
    public const int SigCont = 18;
    public const int SigStop = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Sends the signal; false when the process is gone already (ESRCH) or it cannot be sent.</summary>
    public static bool TrySignal(int pid, int signal) => Kill(pid, signal) == 0;

    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}).");
        }
    }
}
