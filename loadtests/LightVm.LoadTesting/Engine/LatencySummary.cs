namespace LightVm.LoadTesting.Engine;

/// <summary>The figures every latency row quotes, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double Min, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static LatencySummary Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
}
