using System.Runtime.InteropServices;

namespace LightVm.Integration.Tests;

internal static partial class Posix
{
    public static int Terminate(int pid) => Kill(pid, 15);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
