using LightVm.Contracts;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Dom0.Agent;

/// <summary>How a start went: the guest and its GuestReady, or why it did not start.</summary>
public sealed record StartOutcome
{
    public Guest? Guest { get; init; }

    public GuestReady? Ready { get; init; }

    public string? Failure { get; init; }
}
