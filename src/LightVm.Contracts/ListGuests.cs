namespace LightVm.Contracts;

/// <summary>Request: an agent's guests with what only the agent knows (address, memory).</summary>
public sealed record ListGuests
{
    public required Guid RequestId { get; init; }
}
