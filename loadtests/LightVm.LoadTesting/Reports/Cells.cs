using System.Globalization;
using LightVm.LoadTesting.Engine;

namespace LightVm.LoadTesting.Reports;

/// <summary>Number formatting shared by the tables.</summary>
public static class Cells
{
    public static string Ms(double v) => double.IsNaN(v) ? "-" : v >= 100 ? v.ToString("0", CultureInfo.InvariantCulture) : v >= 10 ? v.ToString("0.0", CultureInfo.InvariantCulture) : v.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Num(double v, string format = "0.##") => double.IsNaN(v) ? "-" : v.ToString(format, CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> LatencyColumns { get; } = ["n", "min ms", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"];

    public static IReadOnlyList<string> Latency(LatencySummary s) =>
        [s.Count.ToString(CultureInfo.InvariantCulture), Ms(s.Min), Ms(s.P50), Ms(s.P90), Ms(s.P99), Ms(s.P999), Ms(s.Max)];
}
