using LightVm.Tinyx.Building;
using LightVm.Tinyx.Tests.Support;

namespace LightVm.Tinyx.Tests.Building;

public sealed class ManifestJsonTests
{
    [Fact]
    public void ReadLaunch_ManifestWithOnlyLaunchFields_ReadsCommandEnvAndNoxs()
    {
        using var dir = new TempDirectory();
        dir.Write(ManifestJson.FileName, """{ "name": "web", "command": ["/app/web", "-q"], "env": { "A": "1" }, "noxs": true }""");

        var launch = ManifestJson.ReadLaunch(dir.Path);

        Assert.Equal(["/app/web", "-q"], launch.Command);
        Assert.Equal("1", launch.Env!["A"]);
        Assert.True(launch.Noxs);
    }

    [Fact]
    public void ReadLaunch_NoCommand_CommandIsNull()
    {
        using var dir = new TempDirectory();
        dir.Write(ManifestJson.FileName, """{ "name": "broken" }""");

        var launch = ManifestJson.ReadLaunch(dir.Path);

        Assert.Null(launch.Command);
        Assert.False(launch.Noxs);
    }

    [Fact]
    public void ReadLaunch_NotJson_TinyxExceptionNamingTheFile()
    {
        using var dir = new TempDirectory();
        dir.Write(ManifestJson.FileName, "not json");

        var e = Assert.Throws<TinyxException>(() => ManifestJson.ReadLaunch(dir.Path));

        Assert.Contains(Path.Combine(dir.Path, ManifestJson.FileName), e.Message, StringComparison.Ordinal);
    }
}
