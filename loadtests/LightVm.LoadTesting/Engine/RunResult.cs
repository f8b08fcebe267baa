namespace LightVm.LoadTesting.Engine;

/// <summary>The figures of one measured load run (warm-up excluded).</summary>
public sealed record RunResult
{
    public required string Name { get; init; }

    public required string Simulation { get; init; }

    public required bool OpenModel { get; init; }

    public required double ElapsedSeconds { get; init; }

    public required long Started { get; init; }

    public required long Ok { get; init; }

    public required long Failed { get; init; }

    /// <summary>Arrivals not started because <see cref="LoadRun.MaxInFlight"/> iterations were already running.</summary>
    public required long Dropped { get; init; }

    public required double Throughput { get; init; }

    public required IReadOnlyList<StepResult> Steps { get; init; }

    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    public required IReadOnlyList<TimelinePoint> Timeline { get; init; }

    /// <summary>Per-iteration samples (capped), not written to results.json.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<Sample> Samples { get; init; } = [];
}
