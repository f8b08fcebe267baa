using LightVm.Tinyx.Building;
using LightVm.Tinyx.Recipes;
using LightVm.Tinyx.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LightVm.Tinyx.Tests.Building;

/// <summary>
/// Builds the daytime image twice from unikernels/daytime (publish included), without kernels. /usr/bin/true
/// stands in for the guest init: what is tested here is the image, not the init.
/// </summary>
public sealed class DaytimeImageFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public string First => _dir.Combine("first");

    public string Second => _dir.Combine("second");

    public TinyxRecipe Recipe { get; private set; } = null!;

    public ImageManifest Manifest { get; private set; } = null!;

    public ImageManifest SecondManifest { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var repository = TestKernels.Repository;
        Recipe = RecipeLoader.Load(Path.Combine(repository.Root, "unikernels", "daytime"));
        var builder = new ImageBuilder(TinyxPaths.FromEnvironment(), repository, NullLogger.Instance, TimeProvider.System);
        Manifest = await builder.BuildAsync(Recipe, new BuildOptions { Output = First, Init = "/usr/bin/true", SkipKernels = true }, CancellationToken.None);
        SecondManifest = await builder.BuildAsync(Recipe, new BuildOptions { Output = Second, Init = "/usr/bin/true", SkipKernels = true }, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
