namespace LightVm.Tinyx.Tests.Support;

/// <summary>
/// A fact that runs an image ops/build-images.sh built (artifacts/images/&lt;name&gt;), as root. Skipped, saying
/// how to build it, when the image is not there: package images need a Debian mirror and minutes the first time.
/// </summary>
internal sealed class ImageFactAttribute : FactAttribute
{
    public ImageFactAttribute(string name)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "Needs root (mount and network namespaces, chroot).";
        }
        else if (!File.Exists(Path.Combine(Folder(name), "manifest.json")))
        {
            Skip = $"artifacts/images/{name} is not built; run ops/build-images.sh {name} (ops/setup.sh does).";
        }
    }

    public static string Folder(string name) => Path.Combine(TestKernels.Repository.Root, "artifacts", "images", name);
}
