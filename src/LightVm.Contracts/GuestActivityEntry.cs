namespace LightVm.Contracts;

/// <summary>One guest's traffic since the previous batch.</summary>
public sealed record GuestActivityEntry
{
    public required Guid GuestId { get; init; }

    public required DateTimeOffset LastActivity { get; init; }

    public required int Requests { get; init; }
}
