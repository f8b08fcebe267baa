namespace LightVm.Contracts;

/// <summary>Command (operator): make a new guest of <see cref="Service"/>, even if one runs already. Agents compete for it.</summary>
public sealed record CreateGuest
{
    public required Guid RequestId { get; init; }

    public required string Service { get; init; }

    /// <summary>Leave the guest paused once it is ready (chaos's <c>create -p</c>).</summary>
    public bool Paused { get; init; }
}
