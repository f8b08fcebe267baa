namespace LightVm.Tinyx.Recipes;

/// <summary>A parsed <c>tinyx.yaml</c>: one application and what its image needs.</summary>
public sealed record TinyxRecipe
{
    public required string Name { get; init; }

    public required RecipeApp App { get; init; }

    public IReadOnlyList<RecipeFile> Files { get; init; } = [];

    /// <summary>Libraries the app loads with dlopen (sonames or absolute paths), which DT_NEEDED does not show.</summary>
    public IReadOnlyList<string> ExtraLibraries { get; init; } = [];

    public required IReadOnlyList<string> Command { get; init; }

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>True when the app speaks the host link (started at boot, waits for <c>go</c>).</summary>
    public bool Noxs { get; init; }

    public required IReadOnlyList<TinyxPlatform> Platforms { get; init; }

    /// <summary>The recipe folder (absolute).</summary>
    public required string Directory { get; init; }

    public required string SourceFile { get; init; }
}
