namespace LightVm.Contracts;

/// <summary>Event: the idle reaper paused a guest.</summary>
public sealed record GuestPaused
{
    public required Guid GuestId { get; init; }

    public required string Service { get; init; }

    /// <summary>The last activity the agent knew of when it decided to pause.</summary>
    public required DateTimeOffset IdleSince { get; init; }

    public required DateTimeOffset PausedAt { get; init; }
}
