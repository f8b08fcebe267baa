namespace LightVm.Control.Guests;

/// <summary>One guest as the control API shows it.</summary>
public sealed record GuestView
{
    public required Guid Id { get; init; }

    public required string Service { get; init; }

    public required string State { get; init; }

    public required string Driver { get; init; }

    /// <summary>kvm, tcg (QEMU without usable KVM), uml or native; empty from agents that do not say.</summary>
    public string Accelerator { get; init; } = string.Empty;

    public required string Agent { get; init; }

    public Uri? Endpoint { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset LastActivity { get; init; }

    public string? Reason { get; init; }
}
