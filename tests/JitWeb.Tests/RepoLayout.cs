namespace LightVm.JitWeb.Tests;

/// <summary>Finds the repository and the published guest from wherever the tests run.</summary>
public static class RepoLayout
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

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}.");
    }

    /// <summary>The published jit-web binary; fails the test when it has not been built.</summary>
    public static string GuestBinary()
    {
        var path = Path.Combine(Root(), "artifacts", "guests", "jit-web", "jit-web");
        Assert.True(File.Exists(path), $"{path} does not exist: run ops/build-guests.sh first.");
        return path;
    }
}
