using LightVm.Tinyx;

namespace LightVm.Testing;

/// <summary>The repository the tests run from: the folder above their binaries that holds the solution file.</summary>
public static class RepoRoot
{
    /// <summary>
    /// Walks up from the test binaries to the folder with the solution file (as Tinyx's <see cref="RepositoryLayout"/>
    /// finds it); throws (failing the test) when there is none.
    /// </summary>
    public static string Find() =>
        RepositoryLayout.TryFind(AppContext.BaseDirectory)?.Root
        ?? throw new InvalidOperationException($"No {RepositoryLayout.SolutionFile} in any folder above {AppContext.BaseDirectory}.");
}
