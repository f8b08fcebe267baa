using LightVm.Toolstack.Drivers.Oci;

namespace LightVm.Toolstack.Tests.Drivers.Oci;

public sealed class OciRootfsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lightvm-oci-rootfs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Resolve_TinyxImageFolder_RootfsCommandEnvAndNoxsFromItsManifest()
    {
        var image = TinyxFolder("""{ "name": "web", "command": ["/app/web", "--quiet"], "env": { "A": "1" }, "noxs": true }""");

        var resolved = OciRootfs.Resolve(image, ["--extra"], _dir);

        Assert.Equal(Path.Combine(image, "rootfs"), resolved.Rootfs);
        Assert.Equal(["/app/web", "--quiet", "--extra"], resolved.Args);
        Assert.Equal("1", resolved.Env["A"]);
        Assert.True(resolved.Noxs);
    }

    [Fact]
    public void Resolve_TinyxImageFolderOfAPlainApp_IsNotNoxs()
    {
        var image = TinyxFolder("""{ "name": "nginx", "command": ["/usr/sbin/nginx"], "env": {}, "noxs": false }""");

        var resolved = OciRootfs.Resolve(image, [], _dir);

        Assert.False(resolved.Noxs);
        Assert.Empty(resolved.Env);
        Assert.Equal(["/usr/sbin/nginx"], resolved.Args);
    }

    [Fact]
    public void Resolve_ManifestWithoutCommand_FailsNamingTheManifest()
    {
        var image = TinyxFolder("""{ "name": "broken" }""");

        var error = Assert.Throws<GuestStartException>(() => OciRootfs.Resolve(image, [], _dir));

        Assert.Contains(Path.Combine(image, "manifest.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_PlainDirectoryWithoutArgs_FailsAskingForThem()
    {
        var rootfs = Directory.CreateDirectory(Path.Combine(_dir, "plain")).FullName;

        var error = Assert.Throws<GuestStartException>(() => OciRootfs.Resolve(rootfs, [], _dir));

        Assert.Contains("'args'", error.Message, StringComparison.Ordinal);
    }

    private string TinyxFolder(string manifest)
    {
        var image = Path.Combine(_dir, "image-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(Path.Combine(image, "rootfs"));
        File.WriteAllText(Path.Combine(image, "manifest.json"), manifest);
        return image;
    }
}
