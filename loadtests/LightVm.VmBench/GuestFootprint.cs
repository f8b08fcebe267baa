using System.Globalization;
using LightVm.Toolstack;

namespace LightVm.VmBench;

/// <summary>PSS and RSS of a guest: every host process of its tree (from /proc/&lt;pid&gt;/smaps_rollup).</summary>
internal static partial class GuestFootprint
{
    private const long SysKcmp = 312; // x86_64
    private const int KcmpVm = 1;

    public static (double PssMb, double RssMb, int Processes)? Measure(Shell shell)
    {
        if (shell.HostPid is not { } root)
        {
            return null;
        }

        long pss = 0, rss = 0;
        var count = 0;
        var counted = new List<int>();
        foreach (var pid in Tree(root))
        {
            // UML's kernel clones helper processes that share its address space (CLONE_VM without CLONE_THREAD):
            // they are other pids with the same memory; count each address space once.
            if (counted.Any(other => SharesMemory(pid, other)))
            {
                continue;
            }

            counted.Add(pid);
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
                {
                    if (line.StartsWith("Pss:", StringComparison.Ordinal))
                    {
                        pss += Kb(line);
                    }
                    else if (line.StartsWith("Rss:", StringComparison.Ordinal))
                    {
                        rss += Kb(line);
                    }
                }

                count++;
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return count == 0 ? null : (pss / 1024.0, rss / 1024.0, count);
    }

    /// <summary>kcmp(2) KCMP_VM: true when both processes use one memory descriptor.</summary>
    private static bool SharesMemory(int pid, int other) => Kcmp(SysKcmp, pid, other, KcmpVm, 0, 0) == 0;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long Kcmp(long number, int pid1, int pid2, int type, nint idx1, nint idx2);

    private static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static List<int> Tree(int root)
    {
        var all = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            var pid = queue.Dequeue();
            all.Add(pid);
            try
            {
                foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
                {
                    foreach (var word in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        queue.Enqueue(int.Parse(word, CultureInfo.InvariantCulture));
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return all;
    }
}
