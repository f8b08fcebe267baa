using LightVm.Tinyx.Debian;

namespace LightVm.Tinyx.Tests.Debian;

public sealed class DpkgDatabaseTests
{
    [Fact]
    public void AliasesOf_MergedUsrPaths_GoBothWays()
    {
        Assert.Equal(["/usr/lib/x/libc.so.6", "/lib/x/libc.so.6"], DpkgDatabase.AliasesOf("/usr/lib/x/libc.so.6"));
        Assert.Equal(["/sbin/ip", "/usr/sbin/ip"], DpkgDatabase.AliasesOf("/sbin/ip"));
        Assert.Equal(["/etc/passwd"], DpkgDatabase.AliasesOf("/etc/passwd"));
    }

    [Fact]
    public async Task OwnersAsync_LibcUnderUsr_IsFoundThroughItsLibAlias()
    {
        var dpkg = new DpkgDatabase("/");

        var owners = await dpkg.OwnersAsync(["/usr/lib/x86_64-linux-gnu/libc.so.6", "/nonexistent/file"], CancellationToken.None);
        var versions = await dpkg.VersionsAsync(owners.Values, CancellationToken.None);

        Assert.Equal("libc6:amd64", owners["/usr/lib/x86_64-linux-gnu/libc.so.6"]);
        Assert.False(owners.ContainsKey("/nonexistent/file"));
        Assert.Matches(@"^2\.\d+", versions["libc6:amd64"]);
    }

    [Fact]
    public void StripRules_DocsAndDpkgState_AreStrippedConfigIsNot()
    {
        Assert.True(StripRules.IsStripped("/usr/share/doc/nginx/copyright"));
        Assert.True(StripRules.IsStripped("/var/lib/dpkg/status"));
        Assert.False(StripRules.IsStripped("/usr/share/docs-are-not-doc"));
        Assert.False(StripRules.IsStripped("/etc/nginx/nginx.conf"));
    }
}
