using System.Net;
using System.Net.Sockets;
using LightVm.Noxs;
using LightVm.Testing;

namespace LightVm.Guest.Init.Tests;

/// <summary>The published init binary end to end, as an ordinary process (not PID 1: no mounts, no power-off).</summary>
public sealed class InitProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void Run_PlainApp_StartsItAfterThePageWithItsEnvironment()
    {
        var output = Path.Combine(Path.GetTempPath(), $"init-plain-{Guid.NewGuid():N}");
        using var run = InitRun.Start($$"""{ "command": ["/bin/sh", "-c", "echo \"$LIGHTVM_SERVICE $LIGHTVM_PORT $LIGHTVM_ADDRESS\" > {{output}}"] }""");
        run.WaitForLine(GuestLink.InitWaitingLine[GuestLink.InitPrefix.Length..], Timeout);
        Assert.False(File.Exists(output));

        run.WritePageAndRing(Page(1, "daytime", 1313));

        Assert.Equal(0, run.WaitForExit(Timeout));
        Assert.Equal("daytime 1313 0.0.0.0", File.ReadAllText(output).Trim());
        File.Delete(output);
        Assert.Contains(run.Output, line => line.Contains("executed generation 1", StringComparison.Ordinal));
        Assert.Contains(run.Output, line => line.Contains("app exited 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_NoxsJitWeb_ServesAfterThePageAndPowersOffOnRequest()
    {
        var port = FreePort();
        var json = $$"""{ "command": ["{{RepoPaths.JitWebGuest()}}"], "noxs": true }""";
        using var run = InitRun.Start(json);
        run.WaitForLine(GuestLink.InitWaitingLine[GuestLink.InitPrefix.Length..], Timeout);
        var first = Page(1, "hello", port);

        run.WritePageAndRing(first);
        run.WaitForLine("listening on", Timeout);
        using var client = new HttpClient { Timeout = Timeout };
        var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
        run.WritePageAndRing(first with { Generation = 2, Sysctl = SysctlRequest.Poweroff });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, run.WaitForExit(Timeout));
        Assert.Contains(run.Output, line => line.Contains("page generation 2 sysctl Poweroff", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_BadAppJson_SaysWhyAndExitsOne()
    {
        using var run = InitRun.Start("""{ "command": ["relative"] }""");

        Assert.Equal(1, run.WaitForExit(Timeout));
        Assert.Contains(run.Output, line => line.Contains("error: ", StringComparison.Ordinal) && line.Contains("absolute path", StringComparison.Ordinal));
    }

    private static DevicePage Page(ulong generation, string service, int port) => new()
    {
        Generation = generation,
        GuestId = Guid.NewGuid(),
        Service = service,
        Config = new Dictionary<string, string> { [PageKeys.Port] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
