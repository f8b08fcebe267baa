using LightVm.Toolstack.Lifecycle;

namespace LightVm.Toolstack.Launching;

/// <summary>A guest launched: Running and answering on its endpoint.</summary>
public sealed record LaunchResult
{
    public required Guest Guest { get; init; }

    /// <summary>Whether the shell was prepared on the launch's path (the pool was empty, or there is no pool).</summary>
    public required bool ColdShell { get; init; }

    public required LaunchTimings Timings { get; init; }
}
