namespace LightVm.Tinyx.Building;

/// <summary>Byte sizes of an image's parts.</summary>
public sealed record ManifestSizes
{
    /// <summary>Sum of file and symlink sizes in <c>rootfs/</c>.</summary>
    public required long Rootfs { get; init; }

    public required int RootfsEntries { get; init; }

    /// <summary>Size of initramfs.cpio.gz (0 when no booting platform was built).</summary>
    public long Initramfs { get; init; }

    /// <summary>Size of the uncompressed cpio archive.</summary>
    public long InitramfsUncompressed { get; init; }

    public IReadOnlyDictionary<string, long> Kernels { get; init; } = new Dictionary<string, long>();
}
