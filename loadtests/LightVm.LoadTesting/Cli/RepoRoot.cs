using LightVm.Tinyx;

namespace LightVm.LoadTesting.Cli;

/// <summary>
/// The repository a load test or benchmark runs from (the folder with the solution file, found as Tinyx's
/// <see cref="RepositoryLayout"/> finds it): above the current directory, else above the program.
/// </summary>
public static class RepoRoot
{
    /// <summary>The repository root, or null outside any checkout.</summary>
    public static string? Find() => RepositoryLayout.TryFind(Environment.CurrentDirectory, AppContext.BaseDirectory)?.Root;

    /// <summary>The repository root, else the current directory (reports then go below it).</summary>
    public static string FindOrCurrent() => Find() ?? Environment.CurrentDirectory;
}
