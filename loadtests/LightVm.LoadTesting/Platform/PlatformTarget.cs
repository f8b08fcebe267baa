namespace LightVm.LoadTesting.Platform;

/// <summary>The platform under test: its gateway address and host suffix, and (when the runner started it) how.</summary>
public sealed record PlatformTarget
{
    public required Uri Gateway { get; init; }

    public string HostSuffix { get; init; } = "localhost";

    public required string Driver { get; init; }

    /// <summary>The command that started it; null for a platform given by URL.</summary>
    public string? Command { get; init; }

    /// <summary>The platform process (guests of the process driver are its children); null for a platform given by URL.</summary>
    public int? ProcessId { get; init; }

    public string Host(string service, string? instance = null) =>
        instance is null ? $"{service}.{HostSuffix}" : $"{instance}.{service}.{HostSuffix}";
}
