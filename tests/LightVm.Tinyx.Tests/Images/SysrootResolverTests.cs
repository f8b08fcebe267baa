using LightVm.Tinyx.Images;
using LightVm.Tinyx.Tests.Support;

namespace LightVm.Tinyx.Tests.Images;

public sealed class SysrootResolverTests
{
    [Fact]
    public void Add_ThroughRelativeAndAbsoluteLinks_KeepsEveryLinkAndResolvesInsideTheRoot()
    {
        using var root = new TempDirectory();
        root.Write("usr/lib/real.so.1.2", "elf?");
        File.CreateSymbolicLink(root.Combine("lib"), "usr/lib");
        Directory.CreateDirectory(root.Combine("usr/lib64"));
        File.CreateSymbolicLink(root.Combine("usr/lib64/real.so.1"), "/lib/real.so.1.2");
        File.CreateSymbolicLink(root.Combine("lib64"), "usr/lib64");
        var tree = new ImageTree();

        var resolved = new SysrootResolver(root.Path, tree).Add("/lib64/real.so.1", "test");

        Assert.Equal("/usr/lib/real.so.1.2", resolved);
        Assert.Equal("usr/lib64", tree.Find("/lib64")!.LinkTarget);
        Assert.Equal("/lib/real.so.1.2", tree.Find("/usr/lib64/real.so.1")!.LinkTarget);
        Assert.Equal("usr/lib", tree.Find("/lib")!.LinkTarget);
        Assert.Equal(root.Combine("usr/lib/real.so.1.2"), tree.Find("/usr/lib/real.so.1.2")!.Source);
    }

    [Fact]
    public void Add_Missing_SaysWhatNeededIt()
    {
        using var root = new TempDirectory();

        var e = Assert.Throws<TinyxException>(() => new SysrootResolver(root.Path, new ImageTree()).Add("/etc/nginx/nginx.conf", "recipe"));

        Assert.Equal($"/etc/nginx/nginx.conf does not exist in {root.Path} (needed for: recipe)", e.Message);
    }

    [Fact]
    public void Add_SymlinkLoop_IsReportedNotFollowedForever()
    {
        using var root = new TempDirectory();
        File.CreateSymbolicLink(root.Combine("a"), "b");
        File.CreateSymbolicLink(root.Combine("b"), "a");

        var e = Assert.Throws<TinyxException>(() => new SysrootResolver(root.Path, new ImageTree()).Add("/a", "test"));

        Assert.Contains("too many levels of symbolic links", e.Message, StringComparison.Ordinal);
    }
}
