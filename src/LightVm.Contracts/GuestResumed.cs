namespace LightVm.Contracts;

/// <summary>Event: a paused guest runs again.</summary>
public sealed record GuestResumed
{
    public required Guid GuestId { get; init; }

    public required string Service { get; init; }

    public required Uri Endpoint { get; init; }

    public required DateTimeOffset ResumedAt { get; init; }

    public required double ResumeMs { get; init; }
}
