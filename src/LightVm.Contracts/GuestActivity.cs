namespace LightVm.Contracts;

/// <summary>Event: a batch of per-guest activity from one gateway, sent periodically.</summary>
public sealed record GuestActivity
{
    public required string GatewayId { get; init; }

    public required IReadOnlyList<GuestActivityEntry> Entries { get; init; }
}
