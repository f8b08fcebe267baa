namespace LightVm.Contracts;

/// <summary>Request: the agent's shell pools (read only; <see cref="ResizePool"/> resizes one).</summary>
public sealed record GetPools;
