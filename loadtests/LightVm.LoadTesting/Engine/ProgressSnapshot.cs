namespace LightVm.LoadTesting.Engine;

/// <summary>What the live progress line shows.</summary>
public sealed record ProgressSnapshot(string Run, bool WarmUp, double ElapsedSeconds, long Started, long Ok, long Failed, long InFlight, double P50, double P99);
