using System.Globalization;

namespace LightVm.Toolstack.Drivers.Uml;

/// <summary>The argv of a UML guest: the kernel and its boot words, inside <c>unshare</c> when sandboxed.</summary>
internal static class UmlCommandLine
{
    /// <summary>The tap descriptor's number in the guest process (the spawn puts it there).</summary>
    public const int TapDescriptor = 3;

    public static (string Program, IReadOnlyList<string> Args) Build(UmlDriverOptions options, UmlImage image, string umid, string stateDirectory, string pageMirror, byte[] mac)
    {
        List<string> kernelArgs =
        [
            string.Create(CultureInfo.InvariantCulture, $"mem={options.MemoryMiB}M"),
            $"initrd={image.Initramfs}",
            $"iomem=mmapper,{pageMirror}",
            $"vec0:transport=fd,fd={TapDescriptor},vec=0,mac={FormatMac(mac)}",
            "con=null",
            "con0=fd:0,fd:1",
            $"umid={umid}",
            $"uml_dir={stateDirectory}",
            "quiet",
        ];
        if (!options.Sandbox)
        {
            return (image.Kernel, kernelArgs);
        }

        // unshare forks the kernel as PID 1 of a new PID namespace and kills it if unshare dies; the new network
        // namespace holds only loopback: the inherited tap descriptor is the guest's one way out.
        return (options.Unshare, ["--mount", "--pid", "--ipc", "--uts", "--net", "--fork", "--kill-child", "--", image.Kernel, .. kernelArgs]);
    }

    public static string FormatMac(byte[] mac) => string.Join(':', mac.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
