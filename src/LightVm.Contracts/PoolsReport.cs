namespace LightVm.Contracts;

/// <summary>Response to GetPools.</summary>
public sealed record PoolsReport
{
    public required string AgentId { get; init; }

    public required IReadOnlyList<PoolReport> Pools { get; init; }
}
