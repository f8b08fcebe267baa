namespace LightVm.Contracts;

/// <summary>Command: make a guest exist for <see cref="Service"/>. Agents compete for it.</summary>
public sealed record SpinUpGuest
{
    public required Guid RequestId { get; init; }

    public required string Service { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}
