namespace LightVm.Tinyx;

/// <summary>
/// Where Tinyx keeps what outlives one build: kernel build directories, cached kernels, the debootstrap base
/// and package overlays. The root is <c>/var/cache/lightvm</c>, or <c>$LIGHTVM_CACHE</c> when set.
/// </summary>
public sealed class TinyxPaths
{
    public TinyxPaths(string cacheRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheRoot);
        CacheRoot = Path.GetFullPath(cacheRoot);
    }

    public string CacheRoot { get; }

    /// <summary>The extracted <c>linux-source-6.1</c> tree.</summary>
    public string KernelSource => Path.Combine(CacheRoot, "src", "linux-source-6.1");

    /// <summary>The tarball shipped by Debian's <c>linux-source-6.1</c> package.</summary>
    public static string KernelSourceTarball => "/usr/src/linux-source-6.1.tar.xz";

    public string KernelBuild(string platform) => Path.Combine(CacheRoot, "build", platform);

    public string Kernels => Path.Combine(CacheRoot, "kernels");

    public string Debootstrap => Path.Combine(CacheRoot, "debootstrap");

    public string Overlays => Path.Combine(CacheRoot, "overlays");

    public static TinyxPaths FromEnvironment()
    {
        var root = Environment.GetEnvironmentVariable("LIGHTVM_CACHE");
        return new TinyxPaths(string.IsNullOrWhiteSpace(root) ? "/var/cache/lightvm" : root);
    }
}
