namespace LightVm.LoadTesting.Engine;

/// <summary>
/// One measured load: its steps (run in order for every iteration; a failed step ends the iteration), its load
/// simulation and an optional warm-up run before it whose figures are discarded.
/// </summary>
public sealed record LoadRun
{
    public required string Name { get; init; }

    public required IReadOnlyList<Step> Steps { get; init; }

    public required LoadSimulation Simulation { get; init; }

    public LoadSimulation? WarmUp { get; init; }

    /// <summary>A step running longer than this is cancelled and counted as "no answer".</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many iterations in flight in an open model (a guard against exhausting the host; arrivals beyond it are counted as dropped).</summary>
    public int MaxInFlight { get; init; } = 10_000;
}
