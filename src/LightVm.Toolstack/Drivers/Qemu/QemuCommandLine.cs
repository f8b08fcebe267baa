using System.Globalization;
using System.Net;
using LightVm.Tinyx.Kernels;
using LightVm.Devd.Network;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// The argv of a QEMU guest (under TCG the kernel gets <see cref="HostTsc"/>'s hint): a <c>microvm</c> machine
/// (no firmware, no option ROMs), direct kernel boot, the serial console on QEMU's standard input and output, the device page as an <c>ivshmem-plain</c> PCI device over
/// a 4 KiB shared-memory file (<c>master=on</c>: this QEMU owns it, so it migrates with the VM), a virtio-net device on the tap descriptor
/// (or, in user mode, on QEMU's slirp with one forwarded port), QMP on a unix socket.
/// </summary>
internal static class QemuCommandLine
{
    /// <summary>The tap descriptor's number in QEMU (the spawn puts it there).</summary>
    public const int TapDescriptor = 3;

    /// <summary>Boot words: console on the serial port, quiet, power-off by reboot (QEMU's -no-reboot makes it an exit).</summary>
    public const string KernelCommandLine = "console=ttyS0 quiet reboot=t panic=-1";

    /// <param name="forward">User mode only: the host end of the guest's one forwarded port (the guest's port is the same).</param>
    /// <param name="restrict">User mode only: cut the guest off from everything but its forward (see <see cref="QemuUserNetwork.Netdev"/>).</param>
    public static IReadOnlyList<string> Build(QemuMachine machine, string qmpSocket, string pageMirror, string? incoming, IPEndPoint? forward = null, bool restrict = true)
    {
        List<string> args =
        [
            "-nodefaults", "-no-user-config", "-nographic",
            "-M", "microvm,x-option-roms=off,rtc=on,pcie=on,acpi=on,isa-serial=on",
            .. Accelerator(machine),
            "-m", string.Create(CultureInfo.InvariantCulture, $"{machine.MemoryMiB}M"),
            "-smp", "1",
            "-kernel", machine.Kernel,
            "-initrd", machine.Initramfs,
            "-append", AppendFor(machine),
            "-chardev", "stdio,id=console,signal=off",
            "-serial", "chardev:console",
            "-object", $"memory-backend-file,id=page,mem-path={pageMirror},size=4096,share=on",
            "-device", "ivshmem-plain,memdev=page,master=on",
            "-netdev", Netdev(machine, forward, restrict),
            "-device", $"virtio-net-device,netdev=net0,mac={machine.Mac}",
            "-qmp", $"unix:{qmpSocket},server=on,wait=off",
            "-no-reboot",
        ];
        if (incoming is not null)
        {
            args.AddRange(["-S", "-incoming", incoming]);
        }

        return args;
    }

    public static string Netdev(QemuMachine machine, IPEndPoint? forward, bool restrict) => machine.Network switch
    {
        QemuNetwork.Tap => string.Create(CultureInfo.InvariantCulture, $"tap,id=net0,fd={TapDescriptor}"),
        QemuNetwork.User => QemuUserNetwork.Netdev("net0", forward ?? throw new ArgumentNullException(nameof(forward), "A user-mode guest needs its forwarded endpoint."), forward.Port, restrict),
        _ => throw new ArgumentOutOfRangeException(nameof(machine), machine.Network, "Unknown QEMU network."),
    };

    public static string AppendFor(QemuMachine machine) => machine.Accelerator == QemuAccelerator.Kvm
        ? KernelCommandLine
        : $"{KernelCommandLine} {HostTsc.KernelArgument}";

    public static IReadOnlyList<string> Accelerator(QemuMachine machine) => machine.Accelerator == QemuAccelerator.Kvm
        ? ["-accel", "kvm", "-cpu", "host"]
        : ["-accel", string.Create(CultureInfo.InvariantCulture, $"tcg,tb-size={machine.TbSizeMiB}"), "-cpu", "max"];

    /// <summary>"02:.." from the first bytes of <paramref name="id"/>, as the Dom0 agent's device page says it.</summary>
    public static string Mac(Guid id)
    {
        return string.Join(':', GuestMac.For(id).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }
}
