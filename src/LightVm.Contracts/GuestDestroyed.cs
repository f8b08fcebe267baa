namespace LightVm.Contracts;

/// <summary>Event: a guest is gone and everything it held is freed.</summary>
public sealed record GuestDestroyed
{
    public required Guid GuestId { get; init; }

    public required string Service { get; init; }

    public required string Reason { get; init; }

    public required DateTimeOffset DestroyedAt { get; init; }
}
