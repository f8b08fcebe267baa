using System.Globalization;

namespace LightVm.VmBench;

/// <summary>Host CPU use over an interval, from /proc/stat (all cores; 100% = every core busy).</summary>
internal static class HostCpu
{
    public static async Task<double> BusyPercentAsync(TimeSpan interval)
    {
        var (busy0, total0) = Read();
        await Task.Delay(interval).ConfigureAwait(false);
        var (busy1, total1) = Read();
        return total1 == total0 ? 0 : 100.0 * (busy1 - busy0) / (total1 - total0);
    }

    private static (long Busy, long Total) Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4]; // idle + iowait
        var total = fields.Take(8).Sum();
        return (total - idle, total);
    }
}
