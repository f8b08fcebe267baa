using System.Globalization;
using LightVm.LoadTesting.Cli;

namespace LightVm.DevdBench;

/// <summary>Command line: --count N (NICs per plugger), --warmup W, --out DIR, --timeout-seconds T.</summary>
internal sealed record BenchOptions(int Count, int Warmup, string OutDirectory, TimeSpan Timeout)
{
    public const string Usage = "usage: lightvm-devd-bench [--count N (200)] [--warmup W (5)] [--out DIR (loadtests/reports/<timestamp>-devd)] [--timeout-seconds T (900)]";

    /// <summary>The options, or null when help was asked for (and written).</summary>
    public static BenchOptions? Parse(string[] args, string repoRoot)
    {
        var count = BenchCommandLine.Number("--count", 200, "NICs plugged per plugger");
        var warmup = BenchCommandLine.Number("--warmup", 5, "NICs plugged first and not measured");
        var timeout = BenchCommandLine.Number("--timeout-seconds", 900, "The whole run's time limit");
        var output = BenchCommandLine.Text("--out", "Report folder (default loadtests/reports/<timestamp>-devd)");
        if (BenchCommandLine.Parse(args, Usage, count, warmup, timeout, output) is not { } result)
        {
            return null;
        }

        var outDirectory = result.GetValue(output)
            ?? Path.Combine(repoRoot, "loadtests", "reports", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-devd");
        return new BenchOptions(
            BenchCommandLine.InRange(result, count, 1, 5000, Usage),
            BenchCommandLine.InRange(result, warmup, 0, 100, Usage),
            Path.GetFullPath(outDirectory),
            TimeSpan.FromSeconds(BenchCommandLine.InRange(result, timeout, 10, int.MaxValue, Usage)));
    }
}
