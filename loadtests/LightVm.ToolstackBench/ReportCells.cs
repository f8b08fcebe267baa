using System.Globalization;
using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>Number formatting of report.md's cells: ms with 3 decimals below 100, ratios as "1.23x", "–" for none.</summary>
internal static class ReportCells
{
    public static string Cells(Summary s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.N} | {Ms(s.Min)} | {Ms(s.Median)} | {Ms(s.P90)} | {Ms(s.P99)} | {Ms(s.Max)}");

    public static string MedP99(Samples s) => s.Count == 0 ? "–" : $"{Ms(s.Median)} / {Ms(s.Percentile(99))}";

    public static string Ms(double value) =>
        double.IsNaN(value) ? "–" : value.ToString(value >= 100 ? "0.0" : "0.000", CultureInfo.InvariantCulture);

    public static string Ratio(double value, double baseline) =>
        double.IsNaN(value) || double.IsNaN(baseline) || baseline <= 0 ? "–" : Times(value / baseline);

    public static string Times(double ratio) =>
        double.IsNaN(ratio) || double.IsInfinity(ratio) ? "–" : ratio.ToString(ratio >= 100 ? "0" : ratio >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + "x";

    public static string Oneline(string text)
    {
        var t = text.ReplaceLineEndings(" ").Replace("|", "/", StringComparison.Ordinal);
        return t.Length > 400 ? t[..400] + "…" : t;
    }
}
