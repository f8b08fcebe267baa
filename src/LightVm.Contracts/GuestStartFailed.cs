namespace LightVm.Contracts;

/// <summary>Event: a spin-up did not produce a ready guest (broken image, readiness timeout, crash).</summary>
public sealed record GuestStartFailed
{
    public required Guid RequestId { get; init; }

    public required string Service { get; init; }

    public Guid? GuestId { get; init; }

    public required string Reason { get; init; }
}
