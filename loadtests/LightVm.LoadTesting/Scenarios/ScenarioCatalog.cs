namespace LightVm.LoadTesting.Scenarios;

/// <summary>The shipped scenarios, by name, in the order <c>all</c> runs them.</summary>
public static class ScenarioCatalog
{
    private static readonly IBenchScenario[] All =
    [
        new JitStormScenario(),
        new WarmThroughputScenario(),
        new PauseChurnScenario(),
        new DensityScenario(),
        new BaselinesScenario(),
        new OverloadScenario(),
        new UseCasesScenario(),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(s => s.Name)];

    public static IReadOnlyList<IBenchScenario> Resolve(IReadOnlyList<string> names)
    {
        if (names.Count == 1 && names[0] == "all")
        {
            return All;
        }

        return [.. names.Select(n => All.FirstOrDefault(s => s.Name == n)
            ?? throw new ArgumentException($"unknown scenario '{n}'; scenarios: {string.Join(", ", Names)} (or 'all')"))];
    }
}
