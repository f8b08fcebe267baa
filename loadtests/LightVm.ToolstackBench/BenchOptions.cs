using System.Globalization;
using LightVm.LoadTesting.Cli;

namespace LightVm.ToolstackBench;

/// <summary>The command line. Every count has a default that keeps a full run within about 20 minutes on a 2-core host.</summary>
internal sealed record BenchOptions
{
    public const string Usage =
        "usage: lightvm-toolstack-bench [--n N (1000)] [--n-slow N (200)] [--pause-n N (200)] [--baseline-n N (200)] "
        + "[--runc-cli-n N (50)] [--warmup W (3)] [--devd-count N (200)] [--series process,oci,oci-start,oci-cold,process-store,oci-store] [--skip-devd] "
        + "[--pool-concurrency C (2)] [--destroy-concurrency C (16)] [--guest PATH] [--out DIR] [--publish] [--timeout-minutes T (45)]";

    public static readonly string[] AllSeries = ["process", "oci", "oci-start", "oci-cold", "process-store", "oci-store"];

    /// <summary>Guests per fast series (process and oci from a pre-filled pool).</summary>
    public required int N { get; init; }

    /// <summary>Guests per slow series (oci-start from a pool, oci cold), whose request path spawns runc.</summary>
    public required int SlowN { get; init; }

    public required int PauseN { get; init; }

    public required int BaselineN { get; init; }

    /// <summary>`runc pause`/`runc resume` command-line calls, the pause table's baseline.</summary>
    public required int RuncCliN { get; init; }

    public required int Warmup { get; init; }

    public required int DevdCount { get; init; }

    public required IReadOnlyList<string> Series { get; init; }

    public required bool SkipDevd { get; init; }

    public required int PoolConcurrency { get; init; }

    public required int DestroyConcurrency { get; init; }

    public required string Guest { get; init; }

    public required string OutDirectory { get; init; }

    public required bool Publish { get; init; }

    public required TimeSpan Timeout { get; init; }

    public int CountFor(string series) => series is "process" or "oci" or "process-store" ? N : SlowN;

    /// <summary>The options, or null when help was asked for (and written).</summary>
    public static BenchOptions? Parse(string[] args, string repoRoot)
    {
        var n = BenchCommandLine.Number("--n", 1000, "Guests per fast series (process, oci, process-store)");
        var slowN = BenchCommandLine.Number("--n-slow", 200, "Guests per slow series (oci-start, oci-cold, oci-store)");
        var pauseN = BenchCommandLine.Number("--pause-n", 200, "Pause/resume cycles");
        var baselineN = BenchCommandLine.Number("--baseline-n", 200, "fork/exec and runc run baseline runs");
        var runcCliN = BenchCommandLine.Number("--runc-cli-n", 50, "runc pause/resume command-line calls");
        var warmup = BenchCommandLine.Number("--warmup", 3, "Unmeasured guests first");
        var devdCount = BenchCommandLine.Number("--devd-count", 200, "NICs per plugger in the devd table");
        var seriesOption = BenchCommandLine.Text("--series", $"Comma-separated subset of {string.Join(',', AllSeries)} (default all)");
        var skipDevd = BenchCommandLine.Flag("--skip-devd", "Leave out the devd table");
        var poolConcurrency = BenchCommandLine.Number("--pool-concurrency", 2, "Shells prepared at once");
        var destroyConcurrency = BenchCommandLine.Number("--destroy-concurrency", 16, "Guests destroyed at once");
        var guest = BenchCommandLine.Text("--guest", "Guest binary (default artifacts/guests/jit-web/jit-web)");
        var output = BenchCommandLine.Text("--out", "Report folder (default loadtests/reports/<timestamp>-toolstack)");
        var publish = BenchCommandLine.Flag("--publish", "Also write the report to docs/benchmarks");
        var timeout = BenchCommandLine.Number("--timeout-minutes", 45, "The whole run's time limit");
        if (BenchCommandLine.Parse(args, Usage, n, slowN, pauseN, baselineN, runcCliN, warmup, devdCount, seriesOption, skipDevd, poolConcurrency, destroyConcurrency, guest, output, publish, timeout) is not { } result)
        {
            return null;
        }

        var series = (result.GetValue(seriesOption) ?? string.Join(',', AllSeries)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (series.Length == 0 || series.Any(s => !AllSeries.Contains(s, StringComparer.Ordinal)))
        {
            throw new ArgumentException($"--series takes a comma-separated subset of {string.Join(',', AllSeries)}. {Usage}");
        }

        return new BenchOptions
        {
            N = BenchCommandLine.InRange(result, n, 1, 5000, Usage),
            SlowN = BenchCommandLine.InRange(result, slowN, 1, 5000, Usage),
            PauseN = BenchCommandLine.InRange(result, pauseN, 1, 5000, Usage),
            BaselineN = BenchCommandLine.InRange(result, baselineN, 1, 10000, Usage),
            RuncCliN = BenchCommandLine.InRange(result, runcCliN, 1, 1000, Usage),
            Warmup = BenchCommandLine.InRange(result, warmup, 0, 100, Usage),
            DevdCount = BenchCommandLine.InRange(result, devdCount, 1, 5000, Usage),
            Series = [.. AllSeries.Where(s => series.Contains(s, StringComparer.Ordinal))],
            SkipDevd = result.GetValue(skipDevd),
            PoolConcurrency = BenchCommandLine.InRange(result, poolConcurrency, 1, 64, Usage),
            DestroyConcurrency = BenchCommandLine.InRange(result, destroyConcurrency, 1, 256, Usage),
            Guest = Path.GetFullPath(result.GetValue(guest) ?? Path.Combine(repoRoot, "artifacts", "guests", "jit-web", "jit-web")),
            OutDirectory = Path.GetFullPath(result.GetValue(output)
                ?? Path.Combine(repoRoot, "loadtests", "reports", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-toolstack")),
            Publish = result.GetValue(publish),
            Timeout = TimeSpan.FromMinutes(BenchCommandLine.InRange(result, timeout, 1, 600, Usage)),
        };
    }
}
