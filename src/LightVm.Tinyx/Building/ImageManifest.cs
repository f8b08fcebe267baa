namespace LightVm.Tinyx.Building;

/// <summary><c>manifest.json</c> of an image folder: what was built, from what, and why each file is in it.</summary>
public sealed record ImageManifest
{
    public required string Name { get; init; }

    public required IReadOnlyList<string> Platforms { get; init; }

    public required IReadOnlyList<string> Command { get; init; }

    public required IReadOnlyDictionary<string, string> Env { get; init; }

    public required bool Noxs { get; init; }

    /// <summary><c>project &lt;path&gt;</c> or <c>package &lt;name&gt; binary &lt;path&gt;</c>.</summary>
    public required string App { get; init; }

    /// <summary>The root file system libraries were resolved in: <c>/</c> (the host) or a package overlay.</summary>
    public required string Sysroot { get; init; }

    public required DateTimeOffset BuiltAt { get; init; }

    public required ManifestSizes Sizes { get; init; }

    public required IReadOnlyList<ManifestPackage> Packages { get; init; }

    public required IReadOnlyList<ManifestKernel> Kernels { get; init; }

    /// <summary>SHA-256 of initramfs.cpio.gz (null for oci-only builds): equal for equal inputs.</summary>
    public string? InitramfsSha256 { get; init; }

    public required IReadOnlyList<ManifestFile> Files { get; init; }
}
