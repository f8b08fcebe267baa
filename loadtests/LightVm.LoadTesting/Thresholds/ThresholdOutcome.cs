namespace LightVm.LoadTesting.Thresholds;

/// <summary>A threshold and what was measured against it (NaN when the metric was not produced: that fails).</summary>
public sealed record ThresholdOutcome(string Threshold, string Metric, double Actual, bool Met, bool Gate);
