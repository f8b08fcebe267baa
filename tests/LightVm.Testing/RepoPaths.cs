namespace LightVm.Testing;

/// <summary>Finds the repository (the folder with the solution) and its build outputs from wherever tests run.</summary>
public static class RepoPaths
{
    public const string SolutionFile = "LightVm.Services.sln";

    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} in any folder above {AppContext.BaseDirectory}.");
    }

    /// <summary>The published jit-web guest; throws (failing the test) with what to run when it is missing.</summary>
    public static string JitWebGuest()
    {
        var path = Path.Combine(Root(), "artifacts", "guests", "jit-web", "jit-web");
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
        var folder = Path.Combine(Root(), "artifacts", "images", name);
        if (!File.Exists(Path.Combine(folder, "manifest.json")))
        {
            throw new DirectoryNotFoundException($"The Tinyx image {folder} is not built: run ops/build-images.sh {name} (as root for package images).");
        }

        return folder;
    }

    /// <summary>The published guest init (NativeAOT); throws (failing the test) with what to run when it is missing.</summary>
    public static string GuestInit()
    {
        var path = Path.Combine(Root(), "artifacts", "guests", "init", "LightVm.Guest.Init");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The guest init {path} does not exist: run ops/build-guests.sh first.", path);
        }

        return path;
    }
}
