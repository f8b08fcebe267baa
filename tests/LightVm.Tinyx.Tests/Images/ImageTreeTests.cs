using LightVm.Tinyx.Images;
using LightVm.Tinyx.Tests.Support;

namespace LightVm.Tinyx.Tests.Images;

public sealed class ImageTreeTests
{
    [Fact]
    public void AddFile_SameSourceTwice_MergesReasons()
    {
        var tree = new ImageTree();
        tree.AddFile("/bin/ls", "/bin/ls", "one");
        tree.AddFile("/bin/ls", "/bin/ls", "two");

        Assert.Equal(["one", "two"], tree.Find("/bin/ls")!.Reasons);
    }

    [Fact]
    public void AddSymlink_OverAFile_ThrowsNamingBoth()
    {
        var tree = new ImageTree();
        tree.AddFile("/bin/ls", "/bin/ls", "app");

        var e = Assert.Throws<TinyxException>(() => tree.AddSymlink("/bin/ls", "busybox", "link"));

        Assert.Contains("/bin/ls is added twice with different contents", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFile_UnderASymlink_IsRefused()
    {
        var tree = new ImageTree();
        tree.AddSymlink("/lib", "usr/lib", "merged /usr");

        var e = Assert.Throws<TinyxException>(() => tree.AddContent("/lib/x.so", [1], false, "test"));

        Assert.Contains("which is a symlink in the image", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("/a/../etc/passwd")]
    [InlineData("/")]
    public void Normalize_BadPath_Throws(string path) =>
        Assert.Throws<TinyxException>(() => ImageTree.Normalize(path));

    [Fact]
    public void AddParentDirectories_AddsEveryAncestorSorted()
    {
        var tree = new ImageTree();
        tree.AddContent("/a/b/c.txt", [1], false, "test");
        tree.AddContent("/a-b/d.txt", [2], false, "test");

        tree.AddParentDirectories();

        Assert.Equal(["/a", "/a-b", "/a-b/d.txt", "/a/b", "/a/b/c.txt"], tree.Entries.Select(e => e.Path));
    }

    [Fact]
    public void Remove_Directory_RemovesItsContents()
    {
        var tree = new ImageTree();
        tree.AddContent("/usr/share/doc/x/README", [1], false, "test");
        tree.AddContent("/usr/share/docs", [1], false, "test");

        Assert.Equal(1, tree.Remove("/usr/share/doc"));
        Assert.NotNull(tree.Find("/usr/share/docs"));
    }

    [Fact]
    public void AddHostDirectory_Tree_AddsDirectoriesFilesAndLinksUnderTheTarget()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("src/etc/motd", "hello\n");
        File.CreateSymbolicLink(dir.Combine("src", "motd"), "etc/motd");
        var tree = new ImageTree();

        tree.AddHostDirectory("/opt", dir.Combine("src"), "copied");

        Assert.Equal(ImageEntryKind.Directory, tree.Find("/opt/etc")!.Kind);
        Assert.Equal(file, tree.Find("/opt/etc/motd")!.Source);
        Assert.Equal("etc/motd", tree.Find("/opt/motd")!.LinkTarget);
        Assert.Equal(["copied"], tree.Find("/opt/etc/motd")!.Reasons);
    }
}
