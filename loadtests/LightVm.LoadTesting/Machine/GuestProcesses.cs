using System.Globalization;
using LightVm.Toolstack;

namespace LightVm.LoadTesting.Machine;

/// <summary>
/// Memory of guests' host processes: PSS and RSS summed from smaps_rollup over the process trees of the guests'
/// host processes (what the agent lists as each guest's host pid), the same way for every driver.
/// </summary>
public static class GuestProcesses
{
    /// <summary>The processes of each guest: its host process and all of that process's descendants.</summary>
    public static (int Processes, double PssMb, double RssMb) MeasureTrees(IReadOnlyList<int> hostPids)
    {
        var pids = new HashSet<int>();
        foreach (var root in hostPids)
        {
            pids.UnionWith(HostProcessTree.Descendants(root)); // the root first, then its descendants
        }

        return Sum(pids.Select(pid => $"/proc/{pid}"));
    }

    private static (int Processes, double PssMb, double RssMb) Sum(IEnumerable<string> dirs)
    {
        var count = 0;
        long pss = 0;
        long rss = 0;
        foreach (var dir in dirs)
        {
            try
            {
                long p = -1, r = -1;
                foreach (var line in File.ReadLines(Path.Combine(dir, "smaps_rollup")))
                {
                    if (line.StartsWith("Pss:", StringComparison.Ordinal))
                    {
                        p = Kb(line);
                    }
                    else if (line.StartsWith("Rss:", StringComparison.Ordinal))
                    {
                        r = Kb(line);
                    }
                }

                if (p >= 0 && r >= 0)
                {
                    count++;
                    pss += p;
                    rss += r;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        return (count, pss / 1024.0, rss / 1024.0);
    }

    private static long Kb(string line) => long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
