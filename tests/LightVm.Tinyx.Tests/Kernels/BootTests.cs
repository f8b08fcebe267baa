using LightVm.Tinyx.Archives;
using LightVm.Tinyx.Building;
using LightVm.Tinyx.Images;
using LightVm.Tinyx.Kernels;
using LightVm.Tinyx.Recipes;
using LightVm.Tinyx.Tests.Building;
using LightVm.Tinyx.Tests.Support;

namespace LightVm.Tinyx.Tests.Kernels;

/// <summary>
/// Boots the cached Tinyx kernels with the daytime rootfs, the daytime server itself as /init (so the test
/// does not depend on the guest init): the kernel must unpack the initramfs, run a NativeAOT binary with its
/// glibc, and give it a console. Skipped when the kernel is not cached.
/// </summary>
[Collection(DaytimeImageCollection.Name)]
public sealed class BootTests(DaytimeImageFixture image)
{
    private const string Ready = "daytime: listening on 0.0.0.0:13";

    [KernelFact(TinyxPlatform.Uml)]
    public async Task Boot_UmlKernelWithDaytimeAsInit_ServerStarts()
    {
        var result = await BootAsync(TinyxPlatform.Uml, TimeSpan.FromSeconds(30));

        Assert.True(result.Ready, "no ready line; console:\n" + result.Console);
    }

    [KernelFact(TinyxPlatform.Qemu)]
    public async Task Boot_QemuKernelWithDaytimeAsInit_ServerStarts()
    {
        var result = await BootAsync(TinyxPlatform.Qemu, TimeSpan.FromSeconds(90));

        Assert.True(result.Ready, "no ready line; console:\n" + result.Console);
    }

    private async Task<BootResult> BootAsync(TinyxPlatform platform, TimeSpan timeout)
    {
        using var dir = new TempDirectory();
        var rootfs = Path.Combine(image.First, "rootfs");
        var tree = new ImageTree();
        var sysroot = new SysrootResolver(rootfs, tree);
        foreach (var file in image.Manifest.Files.Where(f => !f.InitramfsOnly && f.Kind is "file" or "symlink"))
        {
            sysroot.Add(file.Path, "rootfs");
        }

        ImageBuilder.AddMountPoints(tree);
        ImageBuilder.AddBootFiles(image.Recipe, tree, Path.Combine(rootfs, "app", "daytime"));
        tree.AddParentDirectories();
        var initramfs = dir.Combine("initramfs.cpio.gz");
        InitramfsWriter.Write(tree, initramfs);
        var kernel = TestKernels.Find(platform)!;
        return await new BootTester(TimeProvider.System).BootAsync(platform, kernel.ImagePath, initramfs, Ready, timeout, 64, CancellationToken.None);
    }
}
