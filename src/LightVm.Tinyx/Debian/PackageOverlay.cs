using System.Security.Cryptography;
using System.Text;
using LightVm.Tinyx.Processes;
using Microsoft.Extensions.Logging;

namespace LightVm.Tinyx.Debian;

/// <summary>
/// A Debian package installed (with its dependencies, without recommends) into an overlayfs upper directory
/// above the minbase root, cached per base and package under <c>&lt;cache&gt;/overlays/</c>. While open,
/// <see cref="Root"/> is a read-only overlay mount (upper over base) in which the image resolves files and
/// libraries; disposing unmounts it.
/// </summary>
public sealed class PackageOverlay : IAsyncDisposable
{
    private const string Marker = ".lightvm-complete";
    private bool _mounted;

    private PackageOverlay(string directory, string package)
    {
        Folder = directory;
        Package = package;
    }

    public string Package { get; }

    /// <summary>The overlay's folder: <c>upper/</c> (what the install added), <c>work/</c>, <c>merged/</c>.</summary>
    public string Folder { get; }

    public string Upper => Path.Combine(Folder, "upper");

    /// <summary>The merged view (base + upper), mounted read-only.</summary>
    public string Root => Path.Combine(Folder, "merged");

    public static async Task<PackageOverlay> OpenAsync(
        string baseRoot, string package, TinyxPaths paths, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        DebootstrapBase.RequireRoot($"installing {package}");
        var baseId = await File.ReadAllTextAsync(Path.Combine(baseRoot, ".lightvm-complete"), cancellationToken).ConfigureAwait(false);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{baseRoot}\n{baseId}\n{package}\n")))[..12];
        var overlay = new PackageOverlay(Path.Combine(paths.Overlays, $"{package}-{hash}"), package);
        if (File.Exists(Path.Combine(overlay.Folder, Marker)))
        {
            logger.OverlayCached(package, overlay.Folder);
        }
        else
        {
            await overlay.InstallAsync(baseRoot, logger, time, cancellationToken).ConfigureAwait(false);
        }

        await overlay.MountReadOnlyAsync(baseRoot, cancellationToken).ConfigureAwait(false);
        return overlay;
    }

    public async ValueTask DisposeAsync()
    {
        if (_mounted)
        {
            await Unmount(Root).ConfigureAwait(false);
            _mounted = false;
        }
    }

    private async Task InstallAsync(string baseRoot, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Directory.Exists(Folder))
        {
            await Unmount(Path.Combine(Root, "proc")).ConfigureAwait(false);
            await Unmount(Root).ConfigureAwait(false);
            Directory.Delete(Folder, recursive: true);
        }

        var work = Path.Combine(Folder, "work");
        Directory.CreateDirectory(Upper);
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(Root);
        var step = $"apt-get install --no-install-recommends {Package} in an overlay over {baseRoot}";
        logger.Step(step);
        var started = time.GetTimestamp();
        await ProcessRunner.RunCheckedAsync(
            "mount", ["-t", "overlay", "overlay", "-o", $"lowerdir={baseRoot},upperdir={Upper},workdir={work}", Root], "mounting the install overlay", cancellationToken).ConfigureAwait(false);
        try
        {
            await ProcessRunner.RunCheckedAsync("mount", ["-t", "proc", "proc", Path.Combine(Root, "proc")], "mounting /proc in the overlay", cancellationToken).ConfigureAwait(false);
            try
            {
                // Package scripts must not start services on the host (the chroot shares its network).
                var policy = Path.Combine(Root, "usr/sbin/policy-rc.d");
                await File.WriteAllTextAsync(policy, "#!/bin/sh\nexit 101\n", cancellationToken).ConfigureAwait(false);
                File.SetUnixFileMode(policy, (UnixFileMode)0b111_101_101);
                File.Copy("/etc/resolv.conf", Path.Combine(Root, "etc/resolv.conf"), overwrite: true);
                var environment = new Dictionary<string, string>
                {
                    ["DEBIAN_FRONTEND"] = "noninteractive",
                    ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin",
                    ["LC_ALL"] = "C",
                };
                await ProcessRunner.RunCheckedAsync("chroot", [Root, "apt-get", "update", "-q"], "apt-get update in the overlay", cancellationToken, environment: environment, onLine: logger.ToolOutput).ConfigureAwait(false);
                await ProcessRunner.RunCheckedAsync(
                    "chroot", [Root, "apt-get", "install", "-y", "-q", "--no-install-recommends", Package], $"apt-get install {Package}", cancellationToken, environment: environment, onLine: logger.ToolOutput).ConfigureAwait(false);
                await ProcessRunner.RunAsync("chroot", [Root, "apt-get", "clean"], cancellationToken, environment: environment).ConfigureAwait(false);
                File.Delete(policy);
            }
            finally
            {
                await Unmount(Path.Combine(Root, "proc")).ConfigureAwait(false);
            }
        }
        finally
        {
            await Unmount(Root).ConfigureAwait(false);
        }

        // What apt fetched is not part of any image; the upper directory keeps only what the install added.
        foreach (var junk in new[] { "var/lib/apt/lists", "var/cache/apt", "var/log" })
        {
            var path = Path.Combine(Upper, junk);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        await File.WriteAllTextAsync(Path.Combine(Folder, Marker), Package + "\n", cancellationToken).ConfigureAwait(false);
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        logger.StepDone(step, seconds);
    }

    private async Task MountReadOnlyAsync(string baseRoot, CancellationToken cancellationToken)
    {
        await Unmount(Root).ConfigureAwait(false);
        Directory.CreateDirectory(Root);
        await ProcessRunner.RunCheckedAsync(
            "mount", ["-t", "overlay", "overlay", "-o", $"ro,lowerdir={Upper}:{baseRoot}", Root], "mounting the package root read-only", cancellationToken).ConfigureAwait(false);
        _mounted = true;
    }

    private static async Task Unmount(string path)
    {
        if (IsMountPoint(path))
        {
            await ProcessRunner.RunAsync("umount", [path], CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static bool IsMountPoint(string path)
    {
        var full = Path.GetFullPath(path);
        return File.ReadLines("/proc/self/mounts").Any(l => l.Split(' ') is [_, var mountPoint, ..] && mountPoint == full);
    }
}
