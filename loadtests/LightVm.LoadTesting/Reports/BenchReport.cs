using LightVm.LoadTesting.Machine;
using LightVm.LoadTesting.Scenarios;

namespace LightVm.LoadTesting.Reports;

/// <summary>One bench invocation: where, when, how it was run, and each scenario's result.</summary>
public sealed record BenchReport
{
    public required MachineInfo Machine { get; init; }

    public required string Command { get; init; }

    public required string Driver { get; init; }

    public string? Target { get; init; }

    public required IReadOnlyList<ScenarioResult> Scenarios { get; init; }

    public bool Passed => Scenarios.All(s => s.Passed);
}
