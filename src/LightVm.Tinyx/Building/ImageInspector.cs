using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LightVm.Tinyx.Building;

/// <summary>
/// <c>lightvm tinyx inspect</c>: what an image folder holds and why, from its manifest, checked against the
/// files on disk (a rootfs or initramfs changed after the build is reported).
/// </summary>
public static class ImageInspector
{
    public static string Describe(string imageFolder)
    {
        var manifest = ManifestJson.Read(imageFolder);
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"image    {manifest.Name} ({string.Join(", ", manifest.Platforms)}), built {manifest.BuiltAt:u}");
        text.AppendLine(c, $"app      {manifest.App}");
        text.AppendLine(c, $"command  {string.Join(' ', manifest.Command)}{(manifest.Noxs ? "  (noxs: started at boot, waits for go)" : string.Empty)}");
        if (manifest.Env.Count > 0)
        {
            text.AppendLine(c, $"env      {string.Join(' ', manifest.Env.Select(e => $"{e.Key}={e.Value}"))}");
        }

        text.AppendLine(c, $"sysroot  {manifest.Sysroot}");
        text.AppendLine();
        text.AppendLine("sizes");
        text.AppendLine(c, $"  rootfs/              {Bytes(manifest.Sizes.Rootfs),10}  ({manifest.Sizes.RootfsEntries} entries)");
        if (manifest.Sizes.Initramfs > 0)
        {
            text.AppendLine(c, $"  initramfs.cpio.gz    {Bytes(manifest.Sizes.Initramfs),10}  ({Bytes(manifest.Sizes.InitramfsUncompressed)} uncompressed)");
        }

        foreach (var kernel in manifest.Kernels)
        {
            text.AppendLine(c, $"  {kernel.File,-20} {Bytes(kernel.Size),10}  ({kernel.Platform} kernel, config {kernel.ConfigHash[..16]}, linux-source-6.1 {kernel.SourceVersion})");
            text.AppendLine(c, $"  kernel + initramfs   {Bytes(kernel.Size + manifest.Sizes.Initramfs),10}  ({kernel.Platform})");
        }

        if (manifest.Packages.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("debian packages");
            foreach (var package in manifest.Packages)
            {
                text.AppendLine(c, $"  {package.Name,-28} {package.Version,-24} {package.Files,4} files {Bytes(package.Bytes),10}");
            }
        }

        text.AppendLine();
        text.AppendLine("files (why each is here)");
        foreach (var file in manifest.Files.Where(f => f.Kind != "directory"))
        {
            var what = file.Kind switch
            {
                "symlink" => $"-> {file.Target}",
                "chardev" => "char device",
                _ => Bytes(file.Size),
            };
            text.AppendLine(c, $"  {file.Path}  {what}{(file.InitramfsOnly ? "  [initramfs only]" : string.Empty)}{(file.Package is null ? string.Empty : "  (" + file.Package + ")")}");
            foreach (var reason in file.Reasons)
            {
                text.AppendLine(c, $"      {reason}");
            }
        }

        var problems = Check(imageFolder, manifest);
        text.AppendLine();
        text.AppendLine(problems.Count == 0 ? "check    the folder's files match the manifest" : "check    PROBLEMS:");
        foreach (var problem in problems)
        {
            text.AppendLine(c, $"  {problem}");
        }

        return text.ToString();
    }

    /// <summary>Differences between the manifest and the folder's files.</summary>
    public static IReadOnlyList<string> Check(string imageFolder, ImageManifest manifest)
    {
        var problems = new List<string>();
        var rootfs = Path.Combine(imageFolder, "rootfs");
        foreach (var file in manifest.Files.Where(f => !f.InitramfsOnly && f.Kind == "file"))
        {
            var path = rootfs + file.Path;
            if (!File.Exists(path))
            {
                problems.Add($"rootfs{file.Path} is missing");
            }
            else if (new FileInfo(path).Length != file.Size)
            {
                problems.Add($"rootfs{file.Path} is {new FileInfo(path).Length} bytes, the manifest says {file.Size}");
            }
        }

        var initramfs = Path.Combine(imageFolder, "initramfs.cpio.gz");
        if (manifest.InitramfsSha256 is { } sha)
        {
            if (!File.Exists(initramfs))
            {
                problems.Add("initramfs.cpio.gz is missing");
            }
            else if (Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(initramfs))) != sha)
            {
                problems.Add("initramfs.cpio.gz differs from the one the manifest describes");
            }
        }

        foreach (var kernel in manifest.Kernels)
        {
            var path = Path.Combine(imageFolder, kernel.File);
            if (!File.Exists(path) || new FileInfo(path).Length != kernel.Size)
            {
                problems.Add($"{kernel.File} is missing or not the kernel the manifest describes");
            }
        }

        return problems;
    }

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.00} MiB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
