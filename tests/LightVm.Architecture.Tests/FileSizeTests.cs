using LightVm.Testing;

namespace LightVm.Architecture.Tests;

/// <summary>No production source file grows past <see cref="MaxLines"/> lines: split it along its seams instead.</summary>
public sealed class FileSizeTests
{
    public const int MaxLines = 350;

    [Fact]
    public void ProductionFiles_LineCount_AtMostMaxLines()
    {
        var root = RepoRoot.Find();
        var tooLong = new[] { "src", "services", "unikernels", "loadtests" }
            .SelectMany(area => Directory.EnumerateFiles(Path.Combine(root, area), "*.cs", SearchOption.AllDirectories))
            .Where(file => !IsBuildOutput(Path.GetRelativePath(root, file)))
            .Select(file => (File: Path.GetRelativePath(root, file), Lines: File.ReadLines(file).Count()))
            .Where(f => f.Lines > MaxLines)
            .OrderByDescending(f => f.Lines)
            .Select(f => $"{f.File}: {f.Lines} lines")
            .ToList();

        Assert.True(tooLong.Count == 0, $"Over {MaxLines} lines:\n{string.Join('\n', tooLong)}");
    }

    private static bool IsBuildOutput(string relative) =>
        relative.Split('/').Any(part => part is "obj" or "bin");
}
