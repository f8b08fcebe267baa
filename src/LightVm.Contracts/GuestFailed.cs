namespace LightVm.Contracts;

/// <summary>Event: a running or paused guest died on its own (crash, exit); its route must go.</summary>
public sealed record GuestFailed
{
    public required Guid GuestId { get; init; }

    public required string Service { get; init; }

    public required string Reason { get; init; }

    public required DateTimeOffset FailedAt { get; init; }
}
