namespace LightVm.Contracts;

/// <summary>Command: wake a paused guest. Every agent sees it; the one hosting the guest acts.</summary>
public sealed record ResumeGuest
{
    public required Guid GuestId { get; init; }

    public required string Service { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}
