using System.Security.Cryptography;
using System.Text;
using LightVm.Tinyx;
using LightVm.Tinyx.Building;

namespace LightVm.Toolstack.Drivers.Oci;

/// <summary>
/// The root file system of an OCI guest. A Tinyx image folder (<c>manifest.json</c> + <c>rootfs/</c>, built by
/// <c>lightvm tinyx build</c>) gives its <c>rootfs/</c>, and its command, environment and noxs flag from the manifest;
/// any other directory is used as it is (the policy's args are the command);
/// an image that is a single binary gets a generated rootfs: the binary as /guest plus the shared libraries
/// its ELF needs (resolved once, off the request path, with the dynamic loader's own <c>ldd</c>), and the
/// empty mount points the bundle uses. Built once per image and content, shared read-only by all its guests.
/// </summary>
internal static class OciRootfs
{
    public const string GuestBinary = "/guest";
    private static readonly string[] MountPoints = ["proc", "dev", "sys", "tmp", "run/lightvm", "etc"];
    private static readonly Lock BuildLock = new();

    public const string ManifestFile = ManifestJson.FileName;
    private static readonly Dictionary<string, string> NoEnv = [];

    /// <summary>The guest's root, argv (the image's command, then <paramref name="args"/>), environment and noxs flag.</summary>
    public static OciImage Resolve(string image, IReadOnlyList<string> args, string stateDirectory)
    {
        if (Directory.Exists(image))
        {
            if (File.Exists(Path.Combine(image, ManifestFile)) && Directory.Exists(Path.Combine(image, "rootfs")))
            {
                return FromTinyx(image, args);
            }

            if (args.Count == 0)
            {
                throw new GuestStartException($"Image '{image}' is a root file system: the policy must give the command in 'args'.");
            }

            return new OciImage(image, args, NoEnv, Noxs: true);
        }

        if (!File.Exists(image))
        {
            throw new GuestStartException($"Image '{image}' does not exist.");
        }

        var key = Key(image);
        var rootfs = Path.Combine(stateDirectory, "images", key, "rootfs");
        lock (BuildLock)
        {
            if (!File.Exists(Path.Combine(rootfs, GuestBinary.TrimStart('/'))))
            {
                Build(image, rootfs);
            }
        }

        return new OciImage(rootfs, [GuestBinary, .. args], NoEnv, Noxs: true);
    }

    /// <summary>A Tinyx image folder: <c>rootfs/</c> and the <c>command</c>, <c>env</c> and <c>noxs</c> of its manifest.</summary>
    private static OciImage FromTinyx(string image, IReadOnlyList<string> args)
    {
        var path = Path.Combine(image, ManifestFile);
        ManifestLaunch manifest;
        try
        {
            manifest = ManifestJson.ReadLaunch(image);
        }
        catch (Exception ex) when (ex is TinyxException or IOException or UnauthorizedAccessException)
        {
            throw new GuestStartException($"Image '{image}': cannot read {path}: {ex.Message}", ex);
        }

        if (manifest.Command is not { } command)
        {
            throw new GuestStartException($"Image '{image}': cannot read {path}: it has no command.");
        }

        if (command.Count == 0 || !command[0].StartsWith('/'))
        {
            throw new GuestStartException($"Image '{image}': {ManifestFile} has no absolute command.");
        }

        return new OciImage(Path.Combine(image, "rootfs"), [.. command, .. args], manifest.Env ?? NoEnv, manifest.Noxs);
    }

    private static void Build(string image, string rootfs)
    {
        var staging = rootfs + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        foreach (var dir in MountPoints)
        {
            Directory.CreateDirectory(Path.Combine(staging, dir));
        }

        File.WriteAllText(Path.Combine(staging, "etc", "passwd"), "root:x:0:0:root:/:/guest\nnobody:x:65534:65534:nobody:/:/guest\n");
        File.WriteAllText(Path.Combine(staging, "etc", "group"), "root:x:0:\nnogroup:x:65534:\n");
        var binary = Path.Combine(staging, GuestBinary.TrimStart('/'));
        File.Copy(image, binary);
        File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var library in SharedLibraries(image))
        {
            var target = Path.Combine(staging, library.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(library, target, overwrite: true); // follows symlinks: the real file's bytes
        }

        Directory.CreateDirectory(Path.GetDirectoryName(rootfs)!);
        if (Directory.Exists(rootfs))
        {
            Directory.Delete(rootfs, recursive: true);
        }

        Directory.Move(staging, rootfs);
    }

    /// <summary>Absolute paths of the shared libraries (and loader) an ELF binary needs; empty for a static one.</summary>
    private static List<string> SharedLibraries(string image)
    {
        var start = new System.Diagnostics.ProcessStartInfo("ldd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(image);
        using var process = System.Diagnostics.Process.Start(start) ?? throw new GuestStartException("Cannot run ldd.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var libraries = new List<string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "libm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
            var arrow = line.IndexOf("=> ", StringComparison.Ordinal);
            var path = (arrow >= 0 ? line[(arrow + 3)..] : line).Split(' ')[0];
            if (path.StartsWith('/') && File.Exists(path))
            {
                libraries.Add(path);
            }
            else if (line.Contains("not found", StringComparison.Ordinal))
            {
                throw new GuestStartException($"Image '{image}' needs a library that is not on this host: {line}");
            }
        }

        return libraries;
    }

    private static string Key(string image)
    {
        var info = new FileInfo(image);
        var text = $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
