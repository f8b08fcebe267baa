using LightVm.Tinyx.Recipes;

namespace LightVm.Tinyx.Kernels;

/// <summary>How one platform's kernel is made: make's ARCH, the make target, where make leaves it and its cached name.</summary>
public sealed record KernelTarget(TinyxPlatform Platform, string Arch, string MakeTarget, string BuiltFile, string FileName)
{
    public string PlatformName => Platform.Name();

    public string Fragment => PlatformName + ".config";

    public static KernelTarget For(TinyxPlatform platform) => platform switch
    {
        TinyxPlatform.Qemu => new KernelTarget(platform, "x86_64", "bzImage", "arch/x86/boot/bzImage", "bzImage"),
        TinyxPlatform.Uml => new KernelTarget(platform, "um", "linux", "linux", "linux"),
        _ => throw new TinyxException($"the {platform.Name()} platform boots no kernel of its own"),
    };
}
