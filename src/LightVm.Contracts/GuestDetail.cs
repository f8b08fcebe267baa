namespace LightVm.Contracts;

/// <summary>One guest as its agent sees it.</summary>
public sealed record GuestDetail
{
    public required Guid Id { get; init; }

    public required string Service { get; init; }

    public required string Driver { get; init; }

    public required string State { get; init; }

    public required string Address { get; init; }

    /// <summary>Resident memory of the guest's processes, in KiB (0 when unknown).</summary>
    public required long MemoryKib { get; init; }

    public required IReadOnlyList<string> Capabilities { get; init; }

    /// <summary>How the guest's code runs: kvm, tcg (QEMU without usable KVM), uml, or native (process, oci).</summary>
    public string Accelerator { get; init; } = string.Empty;
}
