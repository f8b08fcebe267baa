namespace LightVm.Toolstack.Drivers.Oci;

public sealed class OciDriverOptions
{
    /// <summary>Bundles, device pages, console logs and generated root file systems (memory-backed by default).</summary>
    public string StateDirectory { get; set; } = Directory.Exists("/dev/shm") ? "/dev/shm/lightvm-oci" : Path.Combine(Path.GetTempPath(), "lightvm-oci");

    /// <summary>runc's own state (<c>runc --root</c>).</summary>
    public string RuncRoot { get; set; } = Directory.Exists("/dev/shm") ? "/dev/shm/lightvm-runc" : "/run/lightvm-runc";

    public string Runc { get; set; } = "runc";

    /// <summary>The bridge every guest NIC is plugged into (by Devd).</summary>
    public string Bridge { get; set; } = "lvbr0";

    /// <summary>The guests' subnet; the bridge takes its first address.</summary>
    public string Subnet { get; set; } = "10.77.0.0/16";

    /// <summary>The cgroup (v1 hierarchies) under which each guest gets its own, e.g. freezer/lightvm/&lt;id&gt;.</summary>
    public string CgroupParent { get; set; } = "lightvm";

    /// <summary>The uid/gid the guest application runs as inside its container.</summary>
    public uint User { get; set; } = 65534;

    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long destroy waits for a running guest to power off by itself (page sysctl) before killing it.</summary>
    public TimeSpan PoweroffGrace { get; set; } = TimeSpan.FromSeconds(1);
}
