using System.Globalization;
using LightVm.Toolstack;
using LightVm.Toolstack.Drivers.Oci;
using LightVm.Toolstack.Drivers.Process;

namespace LightVm.ToolstackBench;

/// <summary>
/// Table 4: the memory of each running guest, summed over its processes from /proc/&lt;pid&gt;/smaps_rollup.
/// A process guest is its process and any descendants; an oci guest is every process in its cgroup (the
/// container's pid 1 is the guest binary; runc itself has exited).
/// </summary>
internal static class GuestMemory
{
    public static MemoryRun Measure(string driver, IReadOnlyList<Shell> running, SeriesRun series)
    {
        var run = new MemoryRun { Driver = driver };
        foreach (var shell in running)
        {
            var pids = Pids(shell);
            long pss = 0;
            long rss = 0;
            var read = 0;
            foreach (var pid in pids)
            {
                if (Rollup(pid) is { } figures)
                {
                    pss += figures.PssKb;
                    rss += figures.RssKb;
                    read++;
                }
            }

            if (read == 0)
            {
                run.Unreadable++;
                continue;
            }

            run.PssMb.Add(pss / 1024.0);
            run.RssMb.Add(rss / 1024.0);
            run.Processes.Add(read);
        }

        if (running.Count > 0 && series.MemAvailableBeforeKb > 0 && series.MemAvailableAtEndKb > 0)
        {
            run.HostDropPerGuestMb = (series.MemAvailableBeforeKb - series.MemAvailableAtEndKb) / 1024.0 / running.Count;
        }

        return run;
    }

    private static List<int> Pids(Shell shell) => shell switch
    {
        ProcessShell process => Tree(process.Pid),
        OciShell oci => CgroupProcs(Path.Combine(Path.GetDirectoryName(CgroupFreezer.StatePath(oci.CgroupsPath))!, "cgroup.procs")),
        _ => [],
    };

    private static List<int> CgroupProcs(string file)
    {
        try
        {
            return [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>The process and its descendants (through /proc/&lt;pid&gt;/task/&lt;tid&gt;/children).</summary>
    private static List<int> Tree(int root)
    {
        var all = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0 && all.Count < 1000)
        {
            var pid = queue.Dequeue();
            all.Add(pid);
            try
            {
                foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
                {
                    foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        queue.Enqueue(int.Parse(child, CultureInfo.InvariantCulture));
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

    private static (long PssKb, long RssKb)? Rollup(int pid)
    {
        try
        {
            long pss = -1;
            long rss = -1;
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    pss = Kb(line);
                }
                else if (line.StartsWith("Rss:", StringComparison.Ordinal))
                {
                    rss = Kb(line);
                }
            }

            return pss < 0 || rss < 0 ? null : (pss, rss);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Kb(string line) => long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
