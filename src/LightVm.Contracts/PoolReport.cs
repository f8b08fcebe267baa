namespace LightVm.Contracts;

/// <summary>One service's shell pool on one agent.</summary>
public sealed record PoolReport
{
    public required string Service { get; init; }

    public required int Ready { get; init; }

    public required int Target { get; init; }

    public required long ColdCreates { get; init; }

    public required long Failures { get; init; }

    public required long Discarded { get; init; }

    public string? LastError { get; init; }
}
