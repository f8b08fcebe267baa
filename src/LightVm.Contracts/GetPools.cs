namespace LightVm.Contracts;

/// <summary>Request: the agent's shell pools; with <see cref="Service"/> and <see cref="Target"/>, resize that pool first.</summary>
public sealed record GetPools
{
    public string? Service { get; init; }

    public int? Target { get; init; }
}
