using System.Text.Json;
using LightVm.LoadTesting.Machine;

namespace LightVm.LoadTests.Tests.Machine;

public sealed class TrivialBundleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lightvm-trivial-bundle-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Create_WithoutCgroup_GuestConfigRunningTrueWithoutPageOrCgroup()
    {
        var bundle = TrivialBundle.Create(_dir, "/bin/true", cgroupsPath: null);

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "config.json")));
        var root = config.RootElement;
        Assert.Equal(["/bin/true"], root.GetProperty("process").GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(65534, root.GetProperty("process").GetProperty("user").GetProperty("uid").GetInt32());
        Assert.True(root.GetProperty("root").GetProperty("readonly").GetBoolean());
        Assert.DoesNotContain(root.GetProperty("mounts").EnumerateArray(), m => m.GetProperty("destination").GetString() == "/run/lightvm");
        Assert.DoesNotContain(root.GetProperty("process").GetProperty("env").EnumerateArray(), e => e.GetString()!.StartsWith("LIGHTVM_PAGE=", StringComparison.Ordinal));
        Assert.False(root.GetProperty("linux").TryGetProperty("cgroupsPath", out _));
        Assert.True(File.Exists(Path.Combine(bundle, "rootfs", "bin", "busybox")));
    }

    [Fact]
    public void Create_WithCgroup_ItsPathAndAPidsLimit()
    {
        var bundle = TrivialBundle.Create(_dir, "/bin/true", "/lightvm-bench/baseline");

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "config.json")));
        var linux = config.RootElement.GetProperty("linux");
        Assert.Equal("/lightvm-bench/baseline", linux.GetProperty("cgroupsPath").GetString());
        Assert.Equal(256, linux.GetProperty("resources").GetProperty("pids").GetProperty("limit").GetInt32());
    }
}
