namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>What a QEMU guest boots and how big it is: a restore must recreate exactly the machine that was saved.</summary>
public sealed record QemuMachine
{
    public required string Kernel { get; init; }

    public required string Initramfs { get; init; }

    public required int MemoryMiB { get; init; }

    public required QemuAccelerator Accelerator { get; init; }

    public required int TbSizeMiB { get; init; }

    /// <summary>The virtio-net device's MAC, "02:xx:xx:xx:xx:xx".</summary>
    public required string Mac { get; init; }

    /// <summary>Tap or user-mode networking: a restore recreates the same kind (snapshots without it were taps).</summary>
    public QemuNetwork Network { get; init; } = QemuNetwork.Tap;
}
