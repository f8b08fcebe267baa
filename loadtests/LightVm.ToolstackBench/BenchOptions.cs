using System.Globalization;

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

    public static BenchOptions Parse(string[] args, string repoRoot)
    {
        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "--n", "--n-slow", "--pause-n", "--baseline-n", "--runc-cli-n", "--warmup", "--devd-count", "--series", "--pool-concurrency",
            "--destroy-concurrency", "--guest", "--out", "--timeout-minutes",
        };
        var flags = new HashSet<string>(StringComparer.Ordinal) { "--skip-devd", "--publish" };
        for (var i = 0; i < args.Length; i++)
        {
            if (flags.Contains(args[i]))
            {
                continue;
            }

            if (!known.Contains(args[i]))
            {
                throw new ArgumentException($"unknown argument '{args[i]}'. {Usage}");
            }

            i++;
        }

        var series = (Arg(args, "--series") ?? string.Join(',', AllSeries)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (series.Length == 0 || series.Any(s => !AllSeries.Contains(s, StringComparer.Ordinal)))
        {
            throw new ArgumentException($"--series takes a comma-separated subset of {string.Join(',', AllSeries)}. {Usage}");
        }

        var options = new BenchOptions
        {
            N = Int(args, "--n", 1000, 1, 5000),
            SlowN = Int(args, "--n-slow", 200, 1, 5000),
            PauseN = Int(args, "--pause-n", 200, 1, 5000),
            BaselineN = Int(args, "--baseline-n", 200, 1, 10000),
            RuncCliN = Int(args, "--runc-cli-n", 50, 1, 1000),
            Warmup = Int(args, "--warmup", 3, 0, 100),
            DevdCount = Int(args, "--devd-count", 200, 1, 5000),
            Series = [.. AllSeries.Where(s => series.Contains(s, StringComparer.Ordinal))],
            SkipDevd = args.Contains("--skip-devd"),
            PoolConcurrency = Int(args, "--pool-concurrency", 2, 1, 64),
            DestroyConcurrency = Int(args, "--destroy-concurrency", 16, 1, 256),
            Guest = Path.GetFullPath(Arg(args, "--guest") ?? Path.Combine(repoRoot, "artifacts", "guests", "jit-web", "jit-web")),
            OutDirectory = Path.GetFullPath(Arg(args, "--out")
                ?? Path.Combine(repoRoot, "loadtests", "reports", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-toolstack")),
            Publish = args.Contains("--publish"),
            Timeout = TimeSpan.FromMinutes(Int(args, "--timeout-minutes", 45, 1, 600)),
        };
        return options;
    }

    private static int Int(string[] args, string name, int fallback, int min, int max)
    {
        if (Arg(args, name) is not { } value)
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            throw new ArgumentException($"{name} '{value}' must be a number from {min} to {max}. {Usage}");
        }

        return parsed;
    }

    private static string? Arg(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index < 0 ? null : index + 1 < args.Length ? args[index + 1] : throw new ArgumentException($"{name} needs a value. {Usage}");
    }
}
