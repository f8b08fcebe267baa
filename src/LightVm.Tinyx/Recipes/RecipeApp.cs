namespace LightVm.Tinyx.Recipes;

/// <summary>
/// The application of a recipe: either a .NET project published with NativeAOT (<see cref="Project"/>),
/// or a Debian package installed over a debootstrap base plus the binary to run from it.
/// </summary>
public sealed record RecipeApp
{
    /// <summary>Absolute path of the project file to publish (NativeAOT, linux-x64).</summary>
    public string? Project { get; init; }

    /// <summary>Image directory the publish output goes to (default <c>/app</c>).</summary>
    public string Target { get; init; } = "/app";

    /// <summary>Debian package to install (with its dependencies) over the minbase root.</summary>
    public string? Package { get; init; }

    /// <summary>The package's binary the image is built around (its ELF closure is resolved in the package root).</summary>
    public string? Binary { get; init; }

    public bool IsProject => Project is not null;
}
