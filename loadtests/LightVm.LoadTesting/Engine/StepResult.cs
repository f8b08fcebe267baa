namespace LightVm.LoadTesting.Engine;

/// <summary>The figures of one step of a run.</summary>
public sealed record StepResult
{
    public required string Name { get; init; }

    /// <summary>Successful iterations only; for open models measured from the intended start (coordinated omission corrected).</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>Successful iterations, from the actual start (no correction).</summary>
    public required LatencySummary ServiceTime { get; init; }

    public LatencySummary? FirstByte { get; init; }

    /// <summary>Latency by label (successes and failures), e.g. by activation kind or status.</summary>
    public required IReadOnlyDictionary<string, LatencySummary> Labels { get; init; }

    /// <summary>Server-Timing phases of successful iterations.</summary>
    public required IReadOnlyDictionary<string, LatencySummary> Phases { get; init; }

    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    public required IReadOnlyList<CurvePoint> Curve { get; init; }
}
