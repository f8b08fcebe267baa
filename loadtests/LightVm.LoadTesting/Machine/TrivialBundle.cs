using LightVm.Toolstack.Drivers.Oci;

namespace LightVm.LoadTesting.Machine;

/// <summary>
/// The container baselines' OCI bundle: a static busybox as the whole root file system, running <c>true</c> as an
/// unprivileged user, with a guest's own runtime config (<see cref="OciBundle"/>: read-only root, pid/ipc/uts/mount/network
/// namespaces, no capabilities, no new privileges, the same mounts) minus the NIC and the device page.
/// </summary>
public static class TrivialBundle
{
    private const uint Nobody = 65534;

    /// <summary>Writes the bundle in <paramref name="bundle"/>; <paramref name="cgroupsPath"/> null: runc's default cgroup.</summary>
    public static string Create(string bundle, string busybox, string? cgroupsPath)
    {
        var rootfs = Path.Combine(bundle, "rootfs");
        foreach (var dir in new[] { "bin", "proc", "dev", "sys", "tmp", "run" })
        {
            Directory.CreateDirectory(Path.Combine(rootfs, dir));
        }

        var binary = Path.Combine(rootfs, "bin", "busybox");
        File.Copy(busybox, binary, overwrite: true);
        File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var truePath = Path.Combine(rootfs, "bin", "true");
        if (!File.Exists(truePath))
        {
            File.CreateSymbolicLink(truePath, "busybox");
        }

        OciBundle.Write(bundle, rootfs, ["/bin/true"], [], pageDirectory: null, "baseline", cgroupsPath, Nobody);
        return bundle;
    }
}
