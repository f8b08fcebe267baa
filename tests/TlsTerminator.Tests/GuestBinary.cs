namespace LightVm.TlsTerminator.Tests;

/// <summary>Finds the published guest the way LightVm.Testing's RepoPaths finds jit-web (without that project's host dependencies).</summary>
public static class GuestBinary
{
    public const string SolutionFile = "LightVm.Services.sln";

    /// <summary>The published tls-terminator; throws (failing the test) with what to run when it is missing.</summary>
    public static string Path()
    {
        var path = System.IO.Path.Combine(Root(), "artifacts", "guests", "tls-terminator", "tls-terminator");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The tls-terminator guest {path} does not exist: run ops/build-guests.sh first.", path);
        }

        return path;
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} in any folder above {AppContext.BaseDirectory}.");
    }
}
