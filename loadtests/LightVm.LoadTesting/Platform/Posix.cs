using System.Runtime.InteropServices;

namespace LightVm.LoadTesting.Platform;

internal static partial class Posix
{
    public const int SigTerm = 15;

    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
