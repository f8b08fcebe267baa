namespace LightVm.Tinyx;

/// <summary>Finds the repository checkout (the folder holding <c>LightVm.Services.sln</c>) and the paths Tinyx uses in it.</summary>
public sealed class RepositoryLayout(string root)
{
    public const string SolutionFile = "LightVm.Services.sln";

    public string Root { get; } = Path.GetFullPath(root);

    public string KernelFragments => Path.Combine(Root, "ops", "kernel");

    /// <summary>The guest init project (NativeAOT; its publish output binary is <c>LightVm.Guest.Init</c>).</summary>
    public string GuestInitProject => Path.Combine(Root, "src", "LightVm.Guest.Init", "LightVm.Guest.Init.csproj");

    public string DefaultImageOutput(string name) => Path.Combine(Root, "artifacts", "images", name);

    /// <summary>Walks up from <paramref name="start"/> (the current directory when null), then from the program, to the repository root.</summary>
    public static RepositoryLayout Find(string? start = null) =>
        TryFind(start ?? Environment.CurrentDirectory, AppContext.BaseDirectory)
        ?? throw new TinyxException($"cannot find the repository (a folder with {SolutionFile}) above {start ?? Environment.CurrentDirectory}; run lightvm tinyx from the checkout");

    /// <summary>The first folder holding <see cref="SolutionFile"/> above each origin in turn (the origin included), or null.</summary>
    public static RepositoryLayout? TryFind(params string[] origins)
    {
        foreach (var origin in origins)
        {
            for (var directory = new DirectoryInfo(Path.GetFullPath(origin)); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                {
                    return new RepositoryLayout(directory.FullName);
                }
            }
        }

        return null;
    }
}
