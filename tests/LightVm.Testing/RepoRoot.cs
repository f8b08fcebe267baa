namespace LightVm.Testing;

/// <summary>The repository the tests run from: the folder above their binaries that holds the solution file.</summary>
public static class RepoRoot
{
    public const string SolutionFile = "LightVm.Services.sln";

    /// <summary>Walks up from the test binaries to the folder with <see cref="SolutionFile"/>; throws (failing the test) when there is none.</summary>
    public static string Find()
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
}
