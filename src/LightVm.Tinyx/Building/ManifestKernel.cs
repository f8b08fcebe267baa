namespace LightVm.Tinyx.Building;

/// <summary>The kernel copied into an image folder, and the cached build it came from.</summary>
public sealed record ManifestKernel
{
    public required string Platform { get; init; }

    public required string File { get; init; }

    public required long Size { get; init; }

    /// <summary>SHA-256 over linux-source version + common.config + platform fragment.</summary>
    public required string ConfigHash { get; init; }

    public required string SourceVersion { get; init; }

    public required string CacheDirectory { get; init; }
}
