using LightVm.Testing;

namespace LightVm.Integration.Tests;

/// <summary>The built lightvm CLI, to run components as separate processes.</summary>
internal static class CliPaths
{
    public static string Configuration => AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string CliDll
    {
        get
        {
            var path = Path.Combine(RepoRoot.Find(), "services", "LightVm.Cli", "bin", Configuration, "net10.0", "lightvm.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the solution first (ops/setup.sh).");
        }
    }
}
