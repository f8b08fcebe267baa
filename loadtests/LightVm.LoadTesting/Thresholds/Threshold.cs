using System.Globalization;

namespace LightVm.LoadTesting.Thresholds;

/// <summary>
/// A pass/fail condition on one metric of a scenario, written as text: <c>p99 &lt; 50ms</c>,
/// <c>errors = 0</c>, <c>warm.p50 &lt;= 2ms</c>, <c>ratio &gt;= 85%</c>. Values are in the metric's unit:
/// milliseconds for latencies (ms, us, s accepted), plain numbers for counts and rates, % for fractions.
/// </summary>
public sealed record Threshold(string Metric, ComparisonOperator Operator, double Value, string Text)
{
    public bool IsMetBy(double actual) => !double.IsNaN(actual) && Operator switch
    {
        ComparisonOperator.Less => actual < Value,
        ComparisonOperator.LessOrEqual => actual <= Value,
        ComparisonOperator.Greater => actual > Value,
        ComparisonOperator.GreaterOrEqual => actual >= Value,
        ComparisonOperator.Equal => Math.Abs(actual - Value) < 1e-9,
        _ => Math.Abs(actual - Value) >= 1e-9,
    };

    /// <summary>
    /// True for a timing figure (min, mean, p50, p90, p99, p99.9, max, late): noise on a shared CI box, so smoke runs only
    /// report it.
    /// </summary>
    public bool IsLatency =>
        new[] { "min", "mean", "p50", "p90", "p99", "p99.9", "max", "late" }.Any(stat => Metric == stat || Metric.EndsWith("." + stat, StringComparison.Ordinal));

    public static Threshold Parse(string text) => ThresholdParser.Parse(text);

    public override string ToString() => Text.ToString(CultureInfo.InvariantCulture);
}
