namespace LightVm.LoadTesting.Scenarios;

/// <summary>The command line of a bench run.</summary>
public sealed record BenchOptions
{
    public required IReadOnlyList<string> Scenarios { get; init; }

    public string Driver { get; init; } = "process";

    /// <summary>Overrides the scenario's measured duration.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Overrides the scenario's client count (clients, guests, concurrency: what the scenario scales by).</summary>
    public int? Clients { get; init; }

    /// <summary>Per-scenario client counts (<c>--clients jit-storm=300,density=200</c>); they win over <see cref="Clients"/>.</summary>
    public IReadOnlyDictionary<string, int> ClientsByScenario { get; init; } = new Dictionary<string, int>();

    public required string OutDirectory { get; init; }

    public Uri? Target { get; init; }

    public string HostSuffix { get; init; } = "localhost";

    /// <summary>A few seconds per scenario: for CI, so the runner cannot rot. Latency thresholds still apply.</summary>
    public bool Smoke { get; init; }

    public required string RepoRoot { get; init; }

    public string? CliDll { get; init; }

    public required string Image { get; init; }

    public required string CommandLine { get; init; }

    /// <summary>These options as one scenario sees them (its own client count, if one was given).</summary>
    public BenchOptions For(string scenario) =>
        ClientsByScenario.TryGetValue(scenario, out var n) ? this with { Clients = n } : this;

    /// <summary>The scenario's duration: the override, else the smoke or full default.</summary>
    public TimeSpan DurationOr(TimeSpan full, TimeSpan smoke) => Duration ?? (Smoke ? smoke : full);

    public int ClientsOr(int full, int smoke) => Clients ?? (Smoke ? smoke : full);
}
