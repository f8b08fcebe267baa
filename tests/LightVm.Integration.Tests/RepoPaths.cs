namespace LightVm.Integration.Tests;

/// <summary>Where things are in the repository these tests were built from.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Configuration => AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The NativeAOT guest; built by ops/setup.sh (ops/build-guests.sh).</summary>
    public static string JitWeb
    {
        get
        {
            var path = Path.Combine(Root, "artifacts", "guests", "jit-web", "jit-web");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run ops/build-guests.sh (or ops/setup.sh) first.");
        }
    }

    /// <summary>The lightvm CLI assembly, to run components as separate processes.</summary>
    public static string CliDll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "lightvm.dll");
            var alt = Path.Combine(Root, "services", "LightVm.Cli", "bin", Configuration, "net10.0", "lightvm.dll");
            return File.Exists(alt) ? alt : File.Exists(path) ? path : throw new InvalidOperationException($"{alt} is missing: build the solution first.");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LightVm.Services.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (LightVm.Services.sln) above " + AppContext.BaseDirectory);
    }
}
