namespace LightVm.Contracts;

/// <summary>Response to ListGuests.</summary>
public sealed record GuestList
{
    public required string AgentId { get; init; }

    public required IReadOnlyList<GuestDetail> Guests { get; init; }
}
