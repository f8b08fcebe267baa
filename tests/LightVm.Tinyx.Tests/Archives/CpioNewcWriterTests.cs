using LightVm.Tinyx.Archives;
using LightVm.Tinyx.Images;
using LightVm.Tinyx.Tests.Support;

namespace LightVm.Tinyx.Tests.Archives;

public sealed class CpioNewcWriterTests
{
    private static ImageTree SampleTree(string scratch)
    {
        // Files are copied anew each time, with fresh timestamps: nothing of the host's metadata may leak in.
        var copy = Path.Combine(scratch, Guid.NewGuid().ToString("n"));
        File.Copy("/bin/ls", copy);
        var tree = new ImageTree();
        tree.AddFile("/usr/bin/ls", copy, "test");
        tree.AddContent("/etc/motd", "hello\n"u8.ToArray(), false, "test");
        tree.AddSymlink("/bin", "usr/bin", "test");
        tree.AddCharDevice("/dev/console", 5, 1, 0b110_000_000, "test");
        tree.AddParentDirectories();
        return tree;
    }

    [Fact]
    public void Write_TwoTreesFromTheSameInputs_AreByteIdentical()
    {
        using var dir = new TempDirectory();
        var first = dir.Combine("a.cpio.gz");
        var second = dir.Combine("b.cpio.gz");

        InitramfsWriter.Write(SampleTree(dir.Path), first);
        Thread.Sleep(1100); // a different second on the clock, so any timestamp would show
        InitramfsWriter.Write(SampleTree(dir.Path), second);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Write_Gzip_HasNoTimestampAndNoFileName()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("i.cpio.gz");

        InitramfsWriter.Write(SampleTree(dir.Path), path);

        var header = File.ReadAllBytes(path).AsSpan(0, 10).ToArray();
        Assert.Equal(0x1f, header[0]);
        Assert.Equal(0x8b, header[1]);
        Assert.Equal(0, header[3] & 0x08); // FNAME
        Assert.Equal([0, 0, 0, 0], header[4..8]); // MTIME
    }

    [Fact]
    public void Write_ReadBack_SortedRootOwnedZeroTimesSameContent()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("i.cpio.gz");
        var tree = SampleTree(dir.Path);

        InitramfsWriter.Write(tree, path);
        var entries = CpioNewcReader.ReadFile(path);

        Assert.Equal(["bin", "dev", "dev/console", "etc", "etc/motd", "usr", "usr/bin", "usr/bin/ls"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal((0, 0, 0L), (e.Uid, e.Gid, e.MTime)));
        Assert.Equal(File.ReadAllBytes("/bin/ls"), entries.Single(e => e.Name == "usr/bin/ls").Data);
        Assert.Equal(0x81ED, entries.Single(e => e.Name == "usr/bin/ls").Mode); // regular, 0755
        Assert.Equal(0x81A4, entries.Single(e => e.Name == "etc/motd").Mode); // regular, 0644
        var link = entries.Single(e => e.Name == "bin");
        Assert.True(link.IsSymlink);
        Assert.Equal("usr/bin"u8.ToArray(), link.Data);
        var console = entries.Single(e => e.Name == "dev/console");
        Assert.True(console.IsCharDevice);
        Assert.Equal((5, 1), (console.RDevMajor, console.RDevMinor));
        Assert.True(entries.Single(e => e.Name == "dev").IsDirectory);
    }

    [Fact]
    public void Write_EveryEntry_IsFourByteAligned()
    {
        using var buffer = new MemoryStream();
        var tree = new ImageTree();
        tree.AddContent("/a", [1, 2, 3], false, "odd size");
        tree.AddContent("/bb", [1, 2, 3, 4, 5], false, "odd size");

        CpioNewcWriter.Write(tree, buffer);
        var bytes = buffer.ToArray();

        Assert.Equal(0, bytes.Length % 4);
        Assert.Equal(["a", "bb"], CpioNewcReader.Read(bytes, "test").Select(e => e.Name));
    }
}
