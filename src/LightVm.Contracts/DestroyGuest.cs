namespace LightVm.Contracts;

/// <summary>Command (operator): destroy a guest now. The agent hosting it answers GuestDestroyed or GuestCommandRefused.</summary>
public sealed record DestroyGuest
{
    public required Guid GuestId { get; init; }

    public required string Reason { get; init; }
}
