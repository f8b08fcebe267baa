namespace LightVm.Guest.Init.Linux;

/// <summary>The file systems a single application expects: /proc, /sys, /dev, /run, /tmp.</summary>
internal static class Mounts
{
    private const ulong NoSuid = 2;
    private const ulong NoDev = 4;
    private const ulong NoExec = 8;

    private static readonly (string Source, string Target, string Type, ulong Flags, string? Data)[] Table =
    [
        ("proc", "/proc", "proc", NoSuid | NoDev | NoExec, null),
        ("sysfs", "/sys", "sysfs", NoSuid | NoDev | NoExec, null),
        ("devtmpfs", "/dev", "devtmpfs", NoSuid, "mode=0755"),
        ("tmpfs", "/run", "tmpfs", NoSuid | NoDev, "mode=0755"),
        ("tmpfs", "/tmp", "tmpfs", NoSuid | NoDev, "mode=1777"),
    ];

    /// <summary>Mounts each one; an already mounted one (EBUSY, e.g. devtmpfs automount) is fine, another failure is said.</summary>
    public static void MountAll()
    {
        foreach (var (source, target, type, flags, data) in Table)
        {
            Directory.CreateDirectory(target);
            if (Libc.Mount(source, target, type, flags, data) != 0 && Libc.LastErrno() != Libc.Ebusy)
            {
                InitLog.Say($"cannot mount {type} on {target}: {Libc.LastError()}");
            }
        }
    }
}
