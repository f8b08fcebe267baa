namespace LightVm.Contracts;

/// <summary>Command (operator): set a service's shell pool to <see cref="Target"/> shells. Every agent resizes; each answers its PoolsReport.</summary>
public sealed record ResizePool
{
    public required string Service { get; init; }

    public required int Target { get; init; }
}
