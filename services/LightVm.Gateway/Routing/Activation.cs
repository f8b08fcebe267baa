using LightVm.Contracts;

namespace LightVm.Gateway.Routing;

/// <summary>The outcome of asking for a service's guest: where to forward, or why not.</summary>
public sealed record Activation
{
    public required ActivationKind Kind { get; init; }

    public Guid GuestId { get; init; }

    public Uri? Endpoint { get; init; }

    /// <summary>For a cold start: the agent's per-phase timings.</summary>
    public GuestTimings? Timings { get; init; }

    public TimeSpan Held { get; init; }

    public string? Reason { get; init; }

    public bool Succeeded => Kind is ActivationKind.Warm or ActivationKind.Cold or ActivationKind.Resumed;
}
