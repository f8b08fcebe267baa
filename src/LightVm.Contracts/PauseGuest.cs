namespace LightVm.Contracts;

/// <summary>Command (operator): pause a guest now. The agent hosting it answers GuestPaused or GuestCommandRefused.</summary>
public sealed record PauseGuest
{
    public required Guid GuestId { get; init; }
}
