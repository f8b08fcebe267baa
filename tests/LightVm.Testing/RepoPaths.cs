namespace LightVm.Testing;

/// <summary>The repository's build outputs (guests, images, the guest init), found from wherever tests run.</summary>
public static class RepoPaths
{
    /// <summary>The published jit-web guest; throws (failing the test) with what to run when it is missing.</summary>
    public static string JitWebGuest()
    {
        var path = Path.Combine(RepoRoot.Find(), "artifacts", "guests", "jit-web", "jit-web");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The jit-web guest {path} does not exist: run ops/build-guests.sh first.", path);
        }

        return path;
    }

    /// <summary>
    /// A Tinyx image folder ops/build-images.sh built (artifacts/images/&lt;name&gt;: manifest.json, rootfs/,
    /// initramfs.cpio.gz, kernels); throws (failing the test) with what to run when it is missing.
    /// </summary>
    public static string TinyxImage(string name)
    {
        var folder = Path.Combine(RepoRoot.Find(), "artifacts", "images", name);
        if (!File.Exists(Path.Combine(folder, "manifest.json")))
        {
            throw new DirectoryNotFoundException($"The Tinyx image {folder} is not built: run ops/build-images.sh {name} (as root for package images).");
        }

        return folder;
    }

    /// <summary>The published guest init (NativeAOT); throws (failing the test) with what to run when it is missing.</summary>
    public static string GuestInit()
    {
        var path = Path.Combine(RepoRoot.Find(), "artifacts", "guests", "init", "LightVm.Guest.Init");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The guest init {path} does not exist: run ops/build-guests.sh first.", path);
        }

        return path;
    }
}
