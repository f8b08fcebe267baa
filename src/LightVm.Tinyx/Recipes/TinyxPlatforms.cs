namespace LightVm.Tinyx.Recipes;

/// <summary>Names of <see cref="TinyxPlatform"/> values as recipes and the CLI spell them.</summary>
public static class TinyxPlatforms
{
    public static readonly IReadOnlyList<string> Names = ["qemu", "uml", "oci"];

    public static bool TryParse(string text, out TinyxPlatform platform)
    {
        switch (text)
        {
            case "qemu":
                platform = TinyxPlatform.Qemu;
                return true;
            case "uml":
                platform = TinyxPlatform.Uml;
                return true;
            case "oci":
                platform = TinyxPlatform.Oci;
                return true;
            default:
                platform = default;
                return false;
        }
    }

    public static TinyxPlatform Parse(string text) =>
        TryParse(text, out var platform)
            ? platform
            : throw new TinyxException($"unknown platform '{text}'; allowed: {string.Join(", ", Names)} (xen needs a Xen host, which these machines are not)");

    public static string Name(this TinyxPlatform platform) => platform switch
    {
        TinyxPlatform.Qemu => "qemu",
        TinyxPlatform.Uml => "uml",
        _ => "oci",
    };

    /// <summary>True when the platform boots a kernel and so needs the initramfs and the guest init.</summary>
    public static bool BootsKernel(this TinyxPlatform platform) => platform != TinyxPlatform.Oci;
}
