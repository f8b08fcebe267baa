using System.Diagnostics;
using LightVm.Tinyx.Building;
using LightVm.Tinyx.Tests.Support;

namespace LightVm.Tinyx.Tests.Building;

/// <summary>The Debian-package image (nginx-light) built by ops/build-images.sh.</summary>
public sealed class NginxImageTests
{
    [ImageFact("nginx")]
    public void Manifest_KeepsTheBinaryItsLibrariesAndNoDocs()
    {
        var manifest = ManifestJson.Read(ImageFactAttribute.Folder("nginx"));

        Assert.Contains(manifest.Files, f => f.Path == "/usr/sbin/nginx" && f.Package!.StartsWith("nginx ", StringComparison.Ordinal));
        Assert.Contains(manifest.Files, f => f.Path.Contains("/libssl.so.3", StringComparison.Ordinal));
        Assert.DoesNotContain(manifest.Files, f => f.Path.StartsWith("/usr/share/doc", StringComparison.Ordinal) || f.Path.StartsWith("/var/lib/dpkg", StringComparison.Ordinal));
        Assert.Contains(manifest.Packages, p => p.Name == "nginx");
        Assert.InRange(manifest.Sizes.Rootfs, 1_000_000, 12 * 1024 * 1024);
    }

    [ImageFact("nginx")]
    public async Task Rootfs_NginxInAChrootOfItsOwnNetwork_ServesTheStaticPage()
    {
        var rootfs = Path.Combine(ImageFactAttribute.Folder("nginx"), "rootfs");
        // Own network namespace (port 80 of the host stays untouched), own mount namespace (a tmpfs on /tmp).
        var script = $"""
            set -e
            ip link set lo up
            mount -t tmpfs tmpfs '{rootfs}/tmp'
            chroot '{rootfs}' /usr/sbin/nginx -c /etc/nginx/nginx.conf -e stderr &
            pid=$!
            for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/80) 2>/dev/null && break; sleep 0.1; done
            exec 3<>/dev/tcp/127.0.0.1/80
            printf 'GET / HTTP/1.0\r\nHost: nginx\r\n\r\n' >&3
            cat <&3
            kill $pid
            """;
        using var process = Process.Start(new ProcessStartInfo("unshare", ["--net", "--mount", "--", "bash", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.StartsWith("HTTP/1.1 200 OK", output, StringComparison.Ordinal);
        Assert.Contains("nginx on a Tinyx guest", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[emerg]", errors, StringComparison.Ordinal);
    }
}
