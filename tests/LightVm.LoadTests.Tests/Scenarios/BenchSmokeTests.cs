using System.Text.Json;
using LightVm.LoadTesting.Cli;
using LightVm.Testing;

namespace LightVm.LoadTests.Tests.Scenarios;

/// <summary>
/// CI's smoke run: every scenario for a few seconds against the process driver, through the real runner and a
/// real platform (lightvm up as a child process), so the runner cannot rot. Gates on correctness thresholds only.
/// </summary>
public sealed class BenchSmokeTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("lightvm-bench-smoke-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    [Trait("Category", "Smoke")]
    public async Task RunAsync_AllScenariosSmoke_PassesAndWritesTheReport()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "lightvm.dll");

        var exit = await BenchCommand.RunAsync(
            ["all", "--smoke", "--driver", "process", "--out", _out, "--cli", cli, "--image", RepoPaths.JitWebGuest()],
            "lightvm bench",
            cliDll: null,
            CancellationToken.None);

        var md = await File.ReadAllTextAsync(Path.Combine(_out, "report.md"));
        Assert.True(exit == 0, "bench exited " + exit + ":\n" + md);
        Assert.True(File.Exists(Path.Combine(_out, "report.html")));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "results.json")));
        var scenarios = json.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
        Assert.Equal(["jit-storm", "warm-throughput", "pause-churn", "density", "baselines", "overload", "usecases"], scenarios.Select(s => s.GetProperty("name").GetString()));
        Assert.All(scenarios, s => Assert.True(s.GetProperty("runs").EnumerateArray().Any(r => r.GetProperty("ok").GetInt64() > 0), s.GetProperty("name").GetString() + " served nothing"));
    }

    [Fact]
    public async Task RunAsync_DriverNotInThisBuild_FailsWithUsageError()
    {
        var exit = await BenchCommand.RunAsync(["jit-storm", "--driver", "xen", "--out", _out], "lightvm bench", cliDll: null, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.False(File.Exists(Path.Combine(_out, "report.md")));
    }

    [Fact]
    public async Task RunAsync_UnknownScenario_FailsWithUsageError()
    {
        Assert.Equal(2, await BenchCommand.RunAsync(["nope", "--out", _out], "lightvm bench", cliDll: null, CancellationToken.None));
    }
}
