using LightVm.LoadTesting.Engine;
using LightVm.LoadTesting.Platform;

namespace LightVm.LoadTesting.Scenarios;

/// <summary>What a running scenario gets: the platform, the options, a load runner wired to the progress line, and a log.</summary>
public sealed class ScenarioContext
{
    public required PlatformTarget Target { get; init; }

    public required BenchOptions Options { get; init; }

    public required LoadRunner Runner { get; init; }

    public required ControlApi Control { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>A line for the terminal (above the progress line).</summary>
    public required Action<string> Log { get; init; }

    public Uri Url(string path = "/") => new(Target.Gateway, path);
}
