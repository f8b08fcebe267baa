using System.Diagnostics;
using LightVm.Tinyx.Elf;
using LightVm.Tinyx.Images;
using LightVm.Tinyx.Tests.Support;

namespace LightVm.Tinyx.Tests.Elf;

public sealed class DependencyClosureTests
{
    [Fact]
    public void Complete_BinLs_HasEveryLibraryLddFinds()
    {
        var tree = new ImageTree();
        var sysroot = new SysrootResolver("/", tree);
        var ls = sysroot.Add("/bin/ls", "test");

        new DependencyClosure(sysroot, tree).Complete();

        foreach (var library in Ldd("/bin/ls"))
        {
            var real = RealPath(library);
            Assert.True(tree.Find(real) is { Kind: ImageEntryKind.File }, $"{real} (ldd: {library}) is not in the closure of {ls}");
        }

        Assert.Equal(ImageEntryKind.Symlink, tree.Find("/lib64")?.Kind);
        Assert.Equal(ImageEntryKind.Symlink, tree.Find("/usr/lib64/ld-linux-x86-64.so.2")?.Kind);
    }

    [Fact]
    public void Complete_RecordsWhoNeededEachLibrary()
    {
        var tree = new ImageTree();
        var sysroot = new SysrootResolver("/", tree);
        sysroot.Add("/bin/ls", "test");

        new DependencyClosure(sysroot, tree).Complete();

        var selinux = tree.Entries.Single(e => e.Path.EndsWith("/libselinux.so.1", StringComparison.Ordinal));
        Assert.Contains("NEEDED libselinux.so.1 by /usr/bin/ls", selinux.Reasons);
        var pcre = tree.Entries.Single(e => e.Kind == ImageEntryKind.File && e.Path.Contains("/libpcre2-8.so.0", StringComparison.Ordinal));
        Assert.Contains(pcre.Reasons, r => r.StartsWith("NEEDED libpcre2-8.so.0 by ", StringComparison.Ordinal) && r.Contains("libselinux.so.1", StringComparison.Ordinal));
        Assert.Contains(tree.Entries, e => e.Reasons.Contains("interpreter of /usr/bin/ls"));
    }

    [Fact]
    public void Complete_MissingLibrary_NamesTheLibraryTheRequesterAndTheSearchPath()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.Combine("bin"));
        Directory.CreateDirectory(root.Combine("lib64"));
        File.Copy("/bin/ls", root.Combine("bin", "ls"));
        File.Copy("/lib64/ld-linux-x86-64.so.2", root.Combine("lib64", "ld-linux-x86-64.so.2"));
        var tree = new ImageTree();
        var sysroot = new SysrootResolver(root.Path, tree);
        sysroot.Add("/bin/ls", "test");

        var e = Assert.Throws<TinyxException>(() => new DependencyClosure(sysroot, tree).Complete());

        Assert.StartsWith($"libselinux.so.1, needed by /bin/ls, is not found in {root.Path} (searched: /lib/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddLibrary_Soname_AddsTheLinkTheFileAndItsNeeds()
    {
        var tree = new ImageTree();
        var sysroot = new SysrootResolver("/", tree);
        var closure = new DependencyClosure(sysroot, tree);

        var path = closure.AddLibrary("libz.so.1", "extraLibraries");
        closure.Complete();

        Assert.Equal(ImageEntryKind.Symlink, tree.Find("/usr/lib/x86_64-linux-gnu/libz.so.1")?.Kind);
        Assert.StartsWith("/usr/lib/x86_64-linux-gnu/libz.so.1.", path, StringComparison.Ordinal);
        Assert.Contains("extraLibraries", tree.Find(path)!.Reasons);
        Assert.NotNull(tree.Find("/usr/lib/x86_64-linux-gnu/libc.so.6"));
    }

    [Fact]
    public void AddLibrary_UnknownSoname_SaysToInstallIt()
    {
        var tree = new ImageTree();
        var closure = new DependencyClosure(new SysrootResolver("/", tree), tree);

        var e = Assert.Throws<TinyxException>(() => closure.AddLibrary("libnothere.so.9", "extraLibraries"));

        Assert.Contains("extra library libnothere.so.9 is not found in /", e.Message, StringComparison.Ordinal);
    }

    private static string RealPath(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("realpath", path) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }

    private static List<string> Ldd(string binary)
    {
        using var process = Process.Start(new ProcessStartInfo("ldd", binary) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n')
            .Select(l => l.Trim())
            .Select(l => l.Contains("=>", StringComparison.Ordinal) ? l.Split("=>")[1].Trim() : l)
            .Select(l => l.Split(' ')[0])
            .Where(l => l.StartsWith('/'))
            .ToList();
    }
}
