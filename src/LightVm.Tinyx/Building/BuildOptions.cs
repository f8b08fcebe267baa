using LightVm.Tinyx.Recipes;

namespace LightVm.Tinyx.Building;

/// <summary>What to build from a recipe, and where.</summary>
public sealed record BuildOptions
{
    /// <summary>The image folder (default <c>artifacts/images/&lt;name&gt;</c>).</summary>
    public required string Output { get; init; }

    /// <summary>Only this platform; all of the recipe's when null.</summary>
    public TinyxPlatform? Platform { get; init; }

    /// <summary>A prebuilt guest init binary; when null, <c>src/LightVm.Guest.Init</c> is published.</summary>
    public string? Init { get; init; }

    /// <summary>Fail instead of building a kernel that is not in the cache.</summary>
    public bool CachedKernelsOnly { get; init; }

    /// <summary>Write the initramfs but copy no kernel (tests, and rebuilding an initramfs alone).</summary>
    public bool SkipKernels { get; init; }
}
