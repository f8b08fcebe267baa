using LightVm.Tinyx.Kernels;
using LightVm.Tinyx.Recipes;

namespace LightVm.Tinyx.Tests.Support;

/// <summary>
/// A fact that boots the cached Tinyx kernel of a platform. Skipped, with the command that builds it, when the
/// kernel for the current ops/kernel fragments is not in the cache: tests never build kernels.
/// </summary>
internal sealed class KernelFactAttribute : FactAttribute
{
    public KernelFactAttribute(TinyxPlatform platform)
    {
        var kernel = TestKernels.Find(platform);
        if (kernel is null)
        {
            Skip = $"The {platform.Name()} Tinyx kernel for the current ops/kernel fragments is not cached; build it with `./lightvm tinyx kernel {platform.Name()}` (tests never build kernels).";
        }
        else if (platform == TinyxPlatform.Qemu && !File.Exists("/usr/bin/qemu-system-x86_64"))
        {
            Skip = "qemu-system-x86_64 is not installed (ops/setup.sh installs qemu-system-x86).";
        }
    }
}
