using LightVm.LoadTesting.Platform;
using LightVm.LoadTesting.Thresholds;

namespace LightVm.LoadTesting.Scenarios;

/// <summary>A scenario as code: the services it needs, its thresholds (they gate the exit code), its goals (reported), and its runs.</summary>
public interface IBenchScenario
{
    string Name { get; }

    string Description { get; }

    /// <summary>The policies the runner writes when it starts the platform itself (with --target they must exist already).</summary>
    IReadOnlyList<PolicySpec> Policies(BenchOptions options);

    /// <summary>More arguments for <c>lightvm up</c> when the runner starts the platform (the use cases' fronts).</summary>
    IReadOnlyList<string> PlatformArguments(BenchOptions options) => [];

    IReadOnlyList<Threshold> Thresholds { get; }

    /// <summary>Targets from the paper or the issue, reported met or not without failing the run.</summary>
    IReadOnlyList<Threshold> Goals { get; }

    Task<ScenarioOutput> RunAsync(ScenarioContext context, CancellationToken cancellationToken);
}
