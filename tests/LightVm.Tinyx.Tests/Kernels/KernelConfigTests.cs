using LightVm.Tinyx.Kernels;
using LightVm.Tinyx.Recipes;

namespace LightVm.Tinyx.Tests.Kernels;

public sealed class KernelConfigTests
{
    private static readonly KernelTarget Uml = KernelTarget.For(TinyxPlatform.Uml);

    [Fact]
    public void Hash_SameInputs_SameHashAndCacheName()
    {
        var a = new KernelConfig(Uml, "6.1.192-2", "CONFIG_A=y\n", "CONFIG_B=y\n");
        var b = new KernelConfig(Uml, "6.1.192-2", "CONFIG_A=y\n", "CONFIG_B=y\n");

        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(64, a.Hash.Length);
        Assert.Equal("uml-" + a.Hash[..16], a.CacheName);
    }

    [Theory]
    [InlineData("6.1.193-1", "CONFIG_A=y\n", "CONFIG_B=y\n")]
    [InlineData("6.1.192-2", "CONFIG_A=n\n", "CONFIG_B=y\n")]
    [InlineData("6.1.192-2", "CONFIG_A=y\n", "CONFIG_B=y\nCONFIG_C=y\n")]
    public void Hash_AnyInputChanged_DifferentHash(string version, string common, string platform)
    {
        var reference = new KernelConfig(Uml, "6.1.192-2", "CONFIG_A=y\n", "CONFIG_B=y\n");

        Assert.NotEqual(reference.Hash, new KernelConfig(Uml, version, common, platform).Hash);
    }

    [Fact]
    public void Hash_WithExpressionCopy_IsRecomputed()
    {
        var reference = new KernelConfig(Uml, "6.1.192-2", "CONFIG_A=y\n", "CONFIG_B=y\n");

        var trimmed = reference with { PlatformFragment = string.Empty };

        Assert.NotEqual(reference.Hash, trimmed.Hash);
    }

    [Fact]
    public void Options_SkipsCommentsAndKeepsValues()
    {
        var options = KernelConfig.Options("# a comment\nCONFIG_TTY=y\n\n# CONFIG_X is not set\nCONFIG_CON_CHAN=\"null\"\n");

        Assert.Equal([new("CONFIG_TTY", "y"), new("CONFIG_CON_CHAN", "\"null\"")], options);
    }

    [Fact]
    public void MissingOptions_OptionNotInFinalConfig_IsReported()
    {
        var config = new KernelConfig(Uml, "v", "CONFIG_A=y\n", "CONFIG_B=y\nCONFIG_C=n\n");

        var missing = KernelBuilder.MissingOptions(config, "CONFIG_A=y\n# CONFIG_C is not set\n");

        Assert.Equal(["CONFIG_B=y"], missing);
    }

    [Fact]
    public void For_Oci_HasNoKernel()
    {
        Assert.Throws<TinyxException>(() => KernelTarget.For(TinyxPlatform.Oci));
        Assert.Equal(("x86_64", "bzImage", "arch/x86/boot/bzImage"), (KernelTarget.For(TinyxPlatform.Qemu).Arch, KernelTarget.For(TinyxPlatform.Qemu).MakeTarget, KernelTarget.For(TinyxPlatform.Qemu).BuiltFile));
    }

    [Fact]
    public void RepositoryFragments_HaveTheOptionsTheGuestsNeed()
    {
        var fragments = Support.TestKernels.Repository.KernelFragments;
        var common = KernelConfig.Options(File.ReadAllText(Path.Combine(fragments, "common.config"))).Select(o => o.Key).ToList();

        Assert.Contains("CONFIG_BLK_DEV_INITRD", common);
        Assert.Contains("CONFIG_RD_GZIP", common);
        Assert.Contains("CONFIG_BINFMT_ELF", common);
    }
}
