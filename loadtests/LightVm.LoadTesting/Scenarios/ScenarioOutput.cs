using LightVm.LoadTesting.Engine;
using LightVm.LoadTesting.Reports;

namespace LightVm.LoadTesting.Scenarios;

/// <summary>What a scenario measured: its load runs plus any tables, plots, notes and extra metrics of its own.</summary>
public sealed class ScenarioOutput
{
    public List<RunResult> Runs { get; } = [];

    public List<ReportTable> Tables { get; } = [];

    public List<Plot> Plots { get; } = [];

    public List<string> Notes { get; } = [];

    public Dictionary<string, double> Metrics { get; } = new(StringComparer.Ordinal);
}
