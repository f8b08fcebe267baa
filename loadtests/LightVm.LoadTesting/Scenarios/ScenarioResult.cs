using LightVm.LoadTesting.Engine;
using LightVm.LoadTesting.Reports;
using LightVm.LoadTesting.Thresholds;

namespace LightVm.LoadTesting.Scenarios;

/// <summary>One scenario's figures and verdict, as results.json and the reports carry them.</summary>
public sealed record ScenarioResult
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required string Driver { get; init; }

    public string? PlatformCommand { get; init; }

    public required double Seconds { get; init; }

    public required IReadOnlyList<RunResult> Runs { get; init; }

    public required IReadOnlyList<ReportTable> Tables { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<Plot> Plots { get; init; } = [];

    public required IReadOnlyList<string> Notes { get; init; }

    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    public required IReadOnlyList<ThresholdOutcome> Thresholds { get; init; }

    /// <summary>Set when the scenario could not run at all (e.g. a tool is missing); the scenario fails.</summary>
    public string? Failure { get; init; }

    public bool Passed => Failure is null && Thresholds.Where(t => t.Gate).All(t => t.Met);
}
