namespace LightVm.LoadTesting.Engine;

/// <summary>One point of a percentile curve: the latency (ms) at a percentile.</summary>
public sealed record CurvePoint(double Percentile, double Ms);
