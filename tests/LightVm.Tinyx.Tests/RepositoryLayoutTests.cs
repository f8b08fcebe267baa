using LightVm.Tinyx.Tests.Support;

namespace LightVm.Tinyx.Tests;

public sealed class RepositoryLayoutTests
{
    [Fact]
    public void TryFind_FromAFolderBelowTheSolution_ThatFolder()
    {
        using var dir = new TempDirectory();
        dir.Write(RepositoryLayout.SolutionFile, string.Empty);
        var below = Directory.CreateDirectory(dir.Combine("a", "b")).FullName;

        var layout = RepositoryLayout.TryFind(below);

        Assert.Equal(Path.GetFullPath(dir.Path), layout!.Root);
    }

    [Fact]
    public void TryFind_NoSolutionAboveAnyOrigin_Null()
    {
        Assert.Null(RepositoryLayout.TryFind("/proc/self"));
    }
}
