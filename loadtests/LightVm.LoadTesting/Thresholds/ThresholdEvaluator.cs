namespace LightVm.LoadTesting.Thresholds;

/// <summary>Checks thresholds against a scenario's metrics.</summary>
public static class ThresholdEvaluator
{
    /// <param name="gate">True for thresholds that decide the exit code; false for goals that are only reported.</param>
    public static IReadOnlyList<ThresholdOutcome> Evaluate(IEnumerable<Threshold> thresholds, IReadOnlyDictionary<string, double> metrics, bool gate) =>
        [.. thresholds.Select(t =>
        {
            // An error kind that never happened has no metric: it counted zero.
            var actual = metrics.TryGetValue(t.Metric, out var v) ? v : t.Metric.Contains(".error.", StringComparison.Ordinal) ? 0 : double.NaN;
            return new ThresholdOutcome(t.Text, t.Metric, actual, t.IsMetBy(actual), gate);
        })];
}
