using System.Globalization;

namespace LightVm.DevdBench;

/// <summary>Command line: --count N (NICs per plugger), --warmup W, --out DIR, --timeout-seconds T.</summary>
internal sealed record BenchOptions(int Count, int Warmup, string OutDirectory, TimeSpan Timeout)
{
    public const string Usage = "usage: lightvm-devd-bench [--count N (200)] [--warmup W (5)] [--out DIR (loadtests/reports/<timestamp>-devd)] [--timeout-seconds T (900)]";

    public static BenchOptions Parse(string[] args, string repoRoot)
    {
        var count = Int(args, "--count", 200);
        var warmup = Int(args, "--warmup", 5);
        var timeout = Int(args, "--timeout-seconds", 900);
        if (count < 1 || count > 5000 || warmup < 0 || warmup > 100 || timeout < 10)
        {
            throw new ArgumentException($"out of range: --count 1-5000, --warmup 0-100, --timeout-seconds >= 10. {Usage}");
        }

        var outDirectory = Arg(args, "--out")
            ?? Path.Combine(repoRoot, "loadtests", "reports", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-devd");
        return new BenchOptions(count, warmup, Path.GetFullPath(outDirectory), TimeSpan.FromSeconds(timeout));
    }

    private static int Int(string[] args, string name, int fallback) =>
        Arg(args, name) is { } value
            ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new ArgumentException($"{name} '{value}' is not a number. {Usage}")
            : fallback;

    private static string? Arg(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index < 0 ? null : index + 1 < args.Length ? args[index + 1] : throw new ArgumentException($"{name} needs a value. {Usage}");
    }
}
