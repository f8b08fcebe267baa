namespace LightVm.LoadTesting.Scenarios;

/// <summary>What wrk reported: requests per second and its latency percentiles (ms), plus socket errors and non-2xx answers.</summary>
public sealed record WrkResult(double RequestsPerSecond, double P50, double P90, double P99, long Requests, long Errors);
