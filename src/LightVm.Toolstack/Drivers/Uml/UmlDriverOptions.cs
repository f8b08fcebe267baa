using System.ComponentModel.DataAnnotations;

namespace LightVm.Toolstack.Drivers.Uml;

/// <summary>The uml driver's options (configuration section <c>LightVm:Drivers:Uml</c>); the bridge and subnet are the guest network's.</summary>
public sealed class UmlDriverOptions
{
    public const string SectionName = "LightVm:Drivers:Uml";

    /// <summary>Per-guest directories (device page, its shared mirror, console log, the guest's RAM file): memory-backed.</summary>
    [Required]
    public string StateDirectory { get; set; } = Directory.Exists("/dev/shm") ? "/dev/shm/lightvm-uml" : Path.Combine(Path.GetTempPath(), "lightvm-uml");

    /// <summary>The UML kernel when the image has none; null finds one (<see cref="UmlKernelLocator"/>).</summary>
    public string? Kernel { get; set; }

    /// <summary>The guest init for images that are a bare binary (Tinyx images carry their own).</summary>
    public string? GuestInit { get; set; }

    /// <summary>
    /// Guest RAM (a ceiling: the host only backs what the guest touches). 32 MiB is too little for an initramfs
    /// of a few MB (the kernel sometimes dies "deadlocked on memory" while unpacking it); 48 MiB booted 8 of 8.
    /// </summary>
    [Range(16, 65536)]
    public int MemoryMiB { get; set; } = 64;

    /// <summary>From spawn to the init's "waiting for device page" line.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan BootTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs each guest inside its own mount, PID, IPC, UTS and network namespaces (the tap descriptor is its only link).</summary>
    public bool Sandbox { get; set; } = true;

    [Required]
    public string Unshare { get; set; } = "/usr/bin/unshare";

    /// <summary>How long destroy waits for a running guest to power off by itself (page sysctl) before killing it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan PoweroffGrace { get; set; } = TimeSpan.FromSeconds(2);
}
