using System.Globalization;
using LightVm.Testing;

namespace LightVm.Integration.Tests;

/// <summary>A policy file for a test platform.</summary>
internal sealed record TestPolicy(string Name)
{
    public string? Image { get; init; }

    public string Driver { get; init; } = "process";

    public int Port { get; init; } = 8080;

    public int Pool { get; init; } = 1;

    public string PauseAfter { get; init; } = "30s";

    public string DestroyAfter { get; init; } = "5m";

    public string StartTimeout { get; init; } = "5s";

    public int MaxHeld { get; init; } = 100;

    /// <summary>More policy YAML, as it is (instancePer, users, rules, hosts, backend...).</summary>
    public string Extra { get; init; } = string.Empty;

    public string ToYaml() => string.Create(CultureInfo.InvariantCulture, $"""
        name: {Name}
        image: {Image ?? RepoPaths.JitWebGuest()}
        driver: {Driver}
        port: {Port}
        pool: {Pool}
        pauseAfter: {PauseAfter}
        destroyAfter: {DestroyAfter}
        startTimeout: {StartTimeout}
        maxHeld: {MaxHeld}

        """) + Extra;
}
