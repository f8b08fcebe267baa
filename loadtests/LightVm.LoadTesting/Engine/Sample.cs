namespace LightVm.LoadTesting.Engine;

/// <summary>One iteration's first-step latency, for per-iteration plots ("latency of the k-th client").</summary>
public sealed record Sample(long Iteration, double EndSecond, double Ms, bool Ok);
