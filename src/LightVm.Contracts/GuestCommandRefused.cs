namespace LightVm.Contracts;

/// <summary>Response: an operator command could not be carried out; <see cref="Reason"/> says why, in one line.</summary>
public sealed record GuestCommandRefused
{
    public Guid? GuestId { get; init; }

    public required string Reason { get; init; }
}
