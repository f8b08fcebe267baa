using System.Diagnostics;
using System.Globalization;

namespace LightVm.ToolstackBench;

/// <summary>
/// Waits (bounded) until the host's CPUs are mostly idle, from /proc/stat: after a pool fill the kernel and the
/// just-started guests are still busy for a while, and a request in production meets a pool filled long before.
/// </summary>
internal static class CpuSettle
{
    public static async Task<(TimeSpan Waited, double LastBusy)> WaitAsync(double busyBelow, TimeSpan max, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var (total, idle) = Read();
        var quiet = 0;
        var busy = 1.0;
        while (watch.Elapsed < max)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
            var (total2, idle2) = Read();
            busy = total2 == total ? 0 : 1 - ((double)(idle2 - idle) / (total2 - total));
            (total, idle) = (total2, idle2);
            quiet = busy < busyBelow ? quiet + 1 : 0;
            if (quiet >= 4)
            {
                break;
            }
        }

        return (watch.Elapsed, busy);
    }

    /// <summary>All jiffies and idle + iowait jiffies of the "cpu" line.</summary>
    private static (long Total, long Idle) Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields.Take(8).Sum(), fields[3] + fields[4]);
    }
}
