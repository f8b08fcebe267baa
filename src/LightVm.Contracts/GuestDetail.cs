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

    /// <summary>
    /// The host process the driver started for the guest (process: the guest itself; oci: the container's init;
    /// uml: its sandbox or kernel; qemu: QEMU); the guest's other host processes are its descendants. Null when
    /// it has none or it has ended.
    /// </summary>
    public int? HostPid { get; init; }

    /// <summary>How the guest's code runs: kvm, tcg (QEMU without usable KVM), uml, or native (process, oci).</summary>
    public string Accelerator { get; init; } = string.Empty;
}
