namespace LightVm.Contracts;

/// <summary>Event: a guest is running and answered its readiness probe.</summary>
public sealed record GuestReady
{
    public required Guid GuestId { get; init; }

    public required string Service { get; init; }

    /// <summary>The spin-up request this answers; empty when the guest already existed.</summary>
    public required Guid RequestId { get; init; }

    public required string AgentId { get; init; }

    public required string Driver { get; init; }

    /// <summary>How the guest's code runs: kvm, tcg, uml or native (see GuestDetail.Accelerator).</summary>
    public string Accelerator { get; init; } = string.Empty;

    /// <summary>Where to forward traffic, e.g. http://127.77.0.2:8080.</summary>
    public required Uri Endpoint { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>True when the pool was empty and the shell was created on the request path.</summary>
    public required bool ColdShell { get; init; }

    public required GuestTimings Timings { get; init; }
}
