using System.ComponentModel.DataAnnotations;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// The qemu driver's options (configuration section <c>LightVm:Drivers:Qemu</c>); the bridge and subnet are the guest
/// network's. Value ranges are checked at start; <see cref="Validate"/> checks them again, and the binary, at prepare.
/// </summary>
public sealed class QemuDriverOptions
{
    public const string SectionName = "LightVm:Drivers:Qemu";

    /// <summary>Per-guest directories (host page copy, console log, QMP socket) and built initramfs images.</summary>
    [Required]
    public string StateDirectory { get; set; } = Directory.Exists("/dev/shm") ? "/dev/shm/lightvm-qemu" : Path.Combine(Path.GetTempPath(), "lightvm-qemu");

    /// <summary>Where the 4 KiB page mirrors (ivshmem backing files) live: must be shared memory.</summary>
    [Required]
    public string PageMirrorDirectory { get; set; } = "/dev/shm";

    [Required]
    public string QemuBinary { get; set; } = "/usr/bin/qemu-system-x86_64";

    /// <summary>The guest kernel when the image has none; null finds one (<see cref="QemuKernelLocator"/>).</summary>
    public string? Kernel { get; set; }

    /// <summary>The guest init for images that are a bare binary (Tinyx images carry their own).</summary>
    public string? GuestInit { get; set; }

    /// <summary>Guest RAM in MiB (a ceiling: the host backs only what the guest touches).</summary>
    [Range(16, 65536)]
    public int MemoryMiB { get; set; } = 64;

    /// <summary>TCG's translation cache in MiB (QEMU's default is 1 GiB of address space; a few MiB cut the RSS a lot).</summary>
    [Range(1, 4096)]
    public int TbSizeMiB { get; set; } = 4;

    /// <summary>"auto" (probe KVM once, else TCG), "kvm" or "tcg".</summary>
    [AllowedValues("auto", "kvm", "tcg")]
    public string Accelerator { get; set; } = "auto";

    /// <summary>How long the one-time KVM probe may take before KVM counts as unusable.</summary>
    public TimeSpan KvmProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>From spawn to the init's "waiting for device page" line.</summary>
    public TimeSpan BootTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long any single QMP command may take (migration waits have their own deadline).</summary>
    public TimeSpan QmpTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a save or an incoming migration may take.</summary>
    public TimeSpan MigrationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// "auto" (a tap when this process can make taps: root or CAP_NET_ADMIN and a usable /dev/net/tun; else user),
    /// "tap" (Devd plugs a tap into the guest network's bridge) or "user" (QEMU's user-mode networking: no tap, no bridge,
    /// one forwarded port per guest on a 127.77.x.y loopback address; guests cannot reach each other).
    /// </summary>
    [AllowedValues("auto", "tap", "user")]
    public string Network { get; set; } = "auto";

    /// <summary>
    /// User mode: slirp's <c>restrict=on</c>, the guest reaches nothing (not the host, not the outside) and is reached
    /// only through its forwarded port. Right for service guests such as jit-web; off lets guests call out through QEMU's NAT.
    /// </summary>
    public bool UserNetworkRestrict { get; set; } = true;

    /// <summary>How long destroy waits for a running guest to power off by itself (page sysctl) before QMP quit.</summary>
    public TimeSpan PoweroffGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long destroy waits for QEMU to exit after QMP quit before killing it.</summary>
    public TimeSpan QuitGrace { get; set; } = TimeSpan.FromSeconds(2);

    public void Validate()
    {
        if (MemoryMiB is < 16 or > 65536)
        {
            throw new GuestStartException($"qemu driver: MemoryMiB {MemoryMiB} is out of range (16-65536).");
        }

        if (TbSizeMiB is < 1 or > 4096)
        {
            throw new GuestStartException($"qemu driver: TbSizeMiB {TbSizeMiB} is out of range (1-4096).");
        }

        if (Accelerator is not ("auto" or "kvm" or "tcg"))
        {
            throw new GuestStartException($"qemu driver: Accelerator '{Accelerator}' is not one of auto, kvm, tcg.");
        }

        if (Network is not ("auto" or "tap" or "user"))
        {
            throw new GuestStartException($"qemu driver: Network '{Network}' is not one of auto, tap, user.");
        }

        if (!File.Exists(QemuBinary))
        {
            throw new GuestStartException($"qemu driver: {QemuBinary} does not exist (install Debian's qemu-system-x86, or set QemuBinary).");
        }
    }
}
