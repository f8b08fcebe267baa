using System.ComponentModel.DataAnnotations;

namespace LightVm.Toolstack.Drivers.Oci;

/// <summary>The oci drivers' options (configuration section <c>LightVm:Drivers:Oci</c>); the bridge and subnet are the guest network's.</summary>
public sealed class OciDriverOptions
{
    public const string SectionName = "LightVm:Drivers:Oci";

    /// <summary>Bundles, device pages, console logs and generated root file systems (memory-backed by default).</summary>
    [Required]
    public string StateDirectory { get; set; } = Directory.Exists("/dev/shm") ? "/dev/shm/lightvm-oci" : Path.Combine(Path.GetTempPath(), "lightvm-oci");

    /// <summary>runc's own state (<c>runc --root</c>).</summary>
    [Required]
    public string RuncRoot { get; set; } = Directory.Exists("/dev/shm") ? "/dev/shm/lightvm-runc" : "/run/lightvm-runc";

    [Required]
    public string Runc { get; set; } = "runc";

    /// <summary>The cgroup (v1 hierarchies) under which each guest gets its own, e.g. freezer/lightvm/&lt;id&gt;.</summary>
    [Required]
    public string CgroupParent { get; set; } = "lightvm";

    /// <summary>The uid/gid the guest application runs as inside its container.</summary>
    public uint User { get; set; } = 65534;

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long destroy waits for a running guest to power off by itself (page sysctl) before killing it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan PoweroffGrace { get; set; } = TimeSpan.FromSeconds(1);
}
