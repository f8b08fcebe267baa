using System.Globalization;

namespace LightVm.LoadTesting.Machine;

/// <summary>
/// Memory of the guests' processes, found by their command name (<c>/proc/&lt;pid&gt;/comm</c>), which works for every
/// driver whose guest runs as a host process (process, oci): PSS and RSS summed from smaps_rollup.
/// </summary>
public static class GuestProcesses
{
    public static (int Processes, double PssMb, double RssMb) Measure(string command)
    {
        var count = 0;
        long pss = 0;
        long rss = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]))
            {
                continue;
            }

            try
            {
                if (!string.Equals(File.ReadAllText(Path.Combine(dir, "comm")).Trim(), command, StringComparison.Ordinal))
                {
                    continue;
                }

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
