namespace LightVm.LoadTesting.Engine;

/// <summary>One second of a run: completions, errors and latency percentiles of the iterations that ended in it.</summary>
public sealed record TimelinePoint(double Second, long Ok, long Errors, double P50, double P99);
