using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LightVm.Tinyx.Archives;
using LightVm.Tinyx.Building;
using LightVm.Tinyx.Debian;
using LightVm.Tinyx.Tests.Support;

namespace LightVm.Tinyx.Tests.Building;

[Collection(DaytimeImageCollection.Name)]
public sealed class DaytimeImageTests(DaytimeImageFixture image)
{
    [Fact]
    public void Build_Twice_InitramfsIsByteIdentical()
    {
        var first = File.ReadAllBytes(Path.Combine(image.First, "initramfs.cpio.gz"));
        var second = File.ReadAllBytes(Path.Combine(image.Second, "initramfs.cpio.gz"));

        Assert.Equal(first, second);
        Assert.Equal(image.Manifest.InitramfsSha256, image.SecondManifest.InitramfsSha256);
    }

    [Fact]
    public async Task Build_Manifest_ListsFilesWithReasonsAndPackagesWithVersions()
    {
        var manifest = ManifestJson.Read(image.First);
        var libcVersion = (await new DpkgDatabase("/").VersionsAsync(["libc6:amd64"], CancellationToken.None))["libc6:amd64"];

        Assert.Equal("daytime", manifest.Name);
        Assert.Equal(["qemu", "uml", "oci"], manifest.Platforms);
        Assert.Equal(["/app/daytime"], manifest.Command);
        var app = manifest.Files.Single(f => f.Path == "/app/daytime");
        Assert.Contains("published from Daytime.csproj", app.Reasons);
        var libc = manifest.Files.Single(f => f.Path == "/usr/lib/x86_64-linux-gnu/libc.so.6");
        Assert.Equal($"libc6:amd64 {libcVersion}", libc.Package);
        Assert.Contains("NEEDED libc.so.6 by /app/daytime", libc.Reasons);
        Assert.Contains(manifest.Packages, p => p.Name == "libc6:amd64" && p.Version == libcVersion);
        Assert.True(manifest.Files.Single(f => f.Path == "/init").InitramfsOnly);
        Assert.False(File.Exists(Path.Combine(image.First, "rootfs", "init")));
        Assert.Empty(manifest.Kernels);
        Assert.Empty(ImageInspector.Check(image.First, manifest));
    }

    [Fact]
    public void Build_RootfsSize_IsWhatIsOnDisk()
    {
        var rootfs = Path.Combine(image.First, "rootfs");
        // find(1) counts symlinks by their own size and does not follow them (/lib -> usr/lib).
        using var find = Process.Start(new ProcessStartInfo("find", [rootfs, "-not", "-type", "d", "-printf", "%s\\n"]) { RedirectStandardOutput = true })!;
        var onDisk = find.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Sum(long.Parse);
        find.WaitForExit();

        Assert.Equal(image.Manifest.Sizes.Rootfs, onDisk);
        Assert.InRange(image.Manifest.Sizes.Rootfs, 1_000_000, 12_000_000);
    }

    [Fact]
    public void Build_Initramfs_HasInitAppConfigConsoleAndTheRootfs()
    {
        var entries = CpioNewcReader.ReadFile(Path.Combine(image.First, "initramfs.cpio.gz")).ToDictionary(e => e.Name);

        Assert.Equal(File.ReadAllBytes("/usr/bin/true"), entries["init"].Data);
        Assert.Equal(AppConfig.Render(image.Recipe), entries["lightvm/app.json"].Data);
        Assert.True(entries["dev/console"].IsCharDevice);
        Assert.True(entries["proc"].IsDirectory);
        Assert.Equal(File.ReadAllBytes(Path.Combine(image.First, "rootfs", "app", "daytime")), entries["app/daytime"].Data);
        Assert.True(entries["lib64"].IsSymlink);
        Assert.Equal(entries.Keys.Order(StringComparer.Ordinal), CpioNewcReader.ReadFile(Path.Combine(image.First, "initramfs.cpio.gz")).Select(e => e.Name));
    }

    [Fact]
    public void Inspect_Image_SaysWhichBinaryNeededWhichLibrary()
    {
        var text = ImageInspector.Describe(image.First);

        Assert.Contains("/usr/lib/x86_64-linux-gnu/libm.so.6", text, StringComparison.Ordinal);
        Assert.Contains("NEEDED libm.so.6 by /app/daytime", text, StringComparison.Ordinal);
        Assert.Contains("the folder's files match the manifest", text, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Rootfs_AppInAChroot_AnswersATcpDaytimeClient()
    {
        var port = FreePort();
        var info = new ProcessStartInfo("chroot", [Path.Combine(image.First, "rootfs"), "/app/daytime"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment.Clear();
        info.Environment["LIGHTVM_ADDRESS"] = "127.0.0.1";
        info.Environment["LIGHTVM_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(info)!;
        try
        {
            var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal($"daytime: listening on 127.0.0.1:{port}", banner);

            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            var line = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Matches(@"^[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4} \d\d:\d\d:\d\d-UTC\r\n$", line);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
