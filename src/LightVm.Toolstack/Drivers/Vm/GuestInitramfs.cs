using System.Security.Cryptography;
using System.Text;
using LightVm.Tinyx;
using LightVm.Tinyx.Archives;
using LightVm.Tinyx.Building;
using LightVm.Tinyx.Images;
using LightVm.Toolstack.Drivers.Oci;

namespace LightVm.Toolstack.Drivers.Vm;

/// <summary>
/// The initramfs a VM guest boots (uml, qemu): the one of a Tinyx image folder, or, for an image that is a bare
/// NativeAOT binary, one made here once from the binary, its libraries, the guest init and an app.json that marks
/// the binary as a noxs application (docs/vm-guests.md). Built images are cached by content key.
/// </summary>
internal static class GuestInitramfs
{
    public const string FileName = "initramfs.cpio.gz";
    private static readonly Lock BuildLock = new();
    private static readonly Dictionary<string, string> NoEnv = [];

    /// <summary>The initramfs for <paramref name="spec"/>'s image; <paramref name="platform"/> names the driver in errors.</summary>
    public static string Resolve(ShellSpec spec, string stateDirectory, string? guestInit, string platform)
    {
        if (Directory.Exists(spec.Image))
        {
            var initramfs = Path.Combine(spec.Image, FileName);
            return File.Exists(initramfs)
                ? initramfs
                : throw new GuestStartException($"Image '{spec.Image}' has no {FileName}: build it with `lightvm tinyx build` for the {platform} platform.");
        }

        var init = FindGuestInit(guestInit);
        var (rootfs, args, _, _) = OciRootfs.Resolve(spec.Image, spec.Args, stateDirectory);
        var key = Key(rootfs, init, args);
        var target = Path.Combine(stateDirectory, "images", key, FileName);
        lock (BuildLock)
        {
            if (!File.Exists(target))
            {
                Build(rootfs, init, args, target);
            }
        }

        return target;
    }

    /// <summary>A file the image folder carries (its own kernel), or null.</summary>
    public static string? ImageFile(ShellSpec spec, string name)
    {
        if (!Directory.Exists(spec.Image))
        {
            return null;
        }

        var path = Path.Combine(spec.Image, name);
        return File.Exists(path) ? path : null;
    }

    /// <summary>The published guest init: configured, <c>LIGHTVM_GUEST_INIT</c>, or artifacts/guests/init above the running program.</summary>
    public static string FindGuestInit(string? configured)
    {
        var candidate = configured ?? Environment.GetEnvironmentVariable("LIGHTVM_GUEST_INIT");
        if (!string.IsNullOrEmpty(candidate))
        {
            return File.Exists(candidate) ? candidate : throw new GuestStartException($"The guest init '{candidate}' does not exist.");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "artifacts", "guests", "init", "LightVm.Guest.Init");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new GuestStartException("No guest init (artifacts/guests/init/LightVm.Guest.Init): run ops/build-guests.sh, or set LIGHTVM_GUEST_INIT.");
    }

    /// <summary>The rootfs, the init as <c>/init</c> and the app config, written with Tinyx's reproducible newc writer.</summary>
    private static void Build(string rootfs, string init, IReadOnlyList<string> args, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var tree = new ImageTree();
        try
        {
            tree.AddHostDirectory("/", rootfs, "guest rootfs");
            tree.AddFile("/init", init, "guest init");
            tree.AddContent(AppConfig.ImagePath, AppConfig.Render(args, NoEnv, noxs: true), executable: false, "app config");
            tree.AddParentDirectories();
            InitramfsWriter.Write(tree, target);
        }
        catch (Exception ex) when (ex is TinyxException or IOException or UnauthorizedAccessException)
        {
            throw new GuestStartException($"Building the guest initramfs failed: {ex.Message}", ex);
        }
    }

    private static string Key(string rootfs, string init, IReadOnlyList<string> args)
    {
        var info = new FileInfo(init);
        var text = $"{rootfs}|{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{string.Join('\0', args)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
