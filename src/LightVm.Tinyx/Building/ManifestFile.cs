using LightVm.Tinyx.Images;

namespace LightVm.Tinyx.Building;

/// <summary>One entry of the image with its reasons (which binary needed it, which recipe line added it).</summary>
public sealed record ManifestFile
{
    public required string Path { get; init; }

    /// <summary><c>file</c>, <c>symlink</c>, <c>directory</c> or <c>chardev</c>.</summary>
    public required string Kind { get; init; }

    public required long Size { get; init; }

    /// <summary>Permission bits in octal, e.g. <c>0755</c>.</summary>
    public required string Mode { get; init; }

    public string? Target { get; init; }

    /// <summary>Debian package and version, e.g. <c>libc6:amd64 2.36-9+deb12u10</c>.</summary>
    public string? Package { get; init; }

    /// <summary>True for what only the initramfs has (<c>/init</c>, <c>/lightvm/app.json</c>, device nodes).</summary>
    public bool InitramfsOnly { get; init; }

    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>The manifest line of <paramref name="entry"/>; <paramref name="initramfsOnly"/>: not in rootfs/.</summary>
    public static ManifestFile From(ImageEntry entry, bool initramfsOnly) => new()
    {
        Path = entry.Path,
        Kind = entry.Kind switch
        {
            ImageEntryKind.File => "file",
            ImageEntryKind.Symlink => "symlink",
            ImageEntryKind.Directory => "directory",
            _ => "chardev",
        },
        Size = entry.Size,
        Mode = "0" + Convert.ToString(entry.Mode, 8),
        Target = entry.LinkTarget,
        Package = entry.Package,
        InitramfsOnly = initramfsOnly,
        Reasons = entry.Reasons,
    };
}
