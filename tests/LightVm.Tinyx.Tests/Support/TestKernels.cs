using LightVm.Tinyx.Kernels;
using LightVm.Tinyx.Recipes;
using Microsoft.Extensions.Logging.Abstractions;

namespace LightVm.Tinyx.Tests.Support;

/// <summary>Finds cached kernels and the repository for tests.</summary>
internal static class TestKernels
{
    public static RepositoryLayout Repository => RepositoryLayout.Find(AppContext.BaseDirectory);

    public static KernelArtifact? Find(TinyxPlatform platform)
    {
        try
        {
            var builder = new KernelBuilder(TinyxPaths.FromEnvironment(), Repository, NullLogger.Instance, TimeProvider.System);
            return builder.FindCachedAsync(platform, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (TinyxException)
        {
            return null;
        }
    }
}
