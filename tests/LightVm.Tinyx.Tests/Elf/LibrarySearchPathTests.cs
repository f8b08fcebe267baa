using LightVm.Tinyx.Elf;
using LightVm.Tinyx.Tests.Support;

namespace LightVm.Tinyx.Tests.Elf;

public sealed class LibrarySearchPathTests
{
    [Fact]
    public void Load_IncludeGlob_ReadsIncludedFilesInOrderThenDefaults()
    {
        using var root = new TempDirectory();
        root.Write("etc/ld.so.conf", "# comment\ninclude /etc/ld.so.conf.d/*.conf\n/opt/first\n");
        root.Write("etc/ld.so.conf.d/b.conf", "/opt/b\n");
        root.Write("etc/ld.so.conf.d/a.conf", "/opt/a # trailing\n");
        root.Write("etc/ld.so.conf.d/ignored.txt", "/opt/ignored\n");

        var path = LibrarySearchPath.Load(root.Path);

        Assert.Equal(["/opt/a", "/opt/b", "/opt/first", .. LibrarySearchPath.Defaults], path);
    }

    [Fact]
    public void Load_NoLdSoConf_GivesDefaults()
    {
        using var root = new TempDirectory();

        Assert.Equal(LibrarySearchPath.Defaults, LibrarySearchPath.Load(root.Path));
    }
}
