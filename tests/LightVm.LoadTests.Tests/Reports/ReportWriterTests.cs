using System.Text.Json;
using LightVm.LoadTesting.Engine;
using LightVm.LoadTesting.Machine;
using LightVm.LoadTesting.Reports;
using LightVm.LoadTesting.Scenarios;
using LightVm.LoadTesting.Thresholds;
using Microsoft.Extensions.Time.Testing;

namespace LightVm.LoadTests.Tests.Reports;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lightvm-report-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task WriteAsync_Report_WritesMarkdownHtmlAndJsonWithMachineAndCommand()
    {
        var report = await ReportAsync();

        await ReportWriter.WriteAsync(report, _dir, CancellationToken.None);

        var md = await File.ReadAllTextAsync(Path.Combine(_dir, "report.md"));
        Assert.Contains("- Command: lightvm bench demo --smoke", md, StringComparison.Ordinal);
        Assert.Contains("- Commit: abc1234", md, StringComparison.Ordinal);
        Assert.Contains("- Virtualization: TCG: test", md, StringComparison.Ordinal);
        Assert.Contains("| run | n | min ms | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | ok/s | errors |", md, StringComparison.Ordinal);
        Assert.Contains("| threshold | errors = 0 | 0 | yes |", md, StringComparison.Ordinal);
        Assert.Contains("| goal | demo.p99 < 1ms | ", md, StringComparison.Ordinal);
        Assert.Contains("| cold | 3 |", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_Html_IsSelfContainedWithInlineSvg()
    {
        await ReportWriter.WriteAsync(await ReportAsync(), _dir, CancellationToken.None);

        var html = await File.ReadAllTextAsync(Path.Combine(_dir, "report.html"));
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", html, StringComparison.Ordinal);
        Assert.Contains("<polyline", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(CountOf(html, "http"), CountOf(html, "http://www.w3.org/2000/svg")); // no address but the SVG namespace
    }

    [Fact]
    public async Task WriteAsync_Json_CarriesRunsMetricsAndVerdicts()
    {
        await ReportWriter.WriteAsync(await ReportAsync(), _dir, CancellationToken.None);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "results.json")));
        var scenario = json.RootElement.GetProperty("scenarios")[0];
        Assert.Equal("demo", scenario.GetProperty("name").GetString());
        Assert.True(scenario.GetProperty("passed").GetBoolean());
        Assert.Equal(3, scenario.GetProperty("runs")[0].GetProperty("ok").GetInt64());
        Assert.Equal(0, scenario.GetProperty("metrics").GetProperty("errors").GetDouble());
        Assert.Equal(2, scenario.GetProperty("thresholds").GetArrayLength());
        Assert.Equal("abc1234", json.RootElement.GetProperty("machine").GetProperty("commit").GetString());
    }

    private static int CountOf(string text, string part) => text.Split(part, StringSplitOptions.None).Length - 1;

    private static async Task<BenchReport> ReportAsync()
    {
        var time = new FakeTimeProvider();
        var run = await new LoadRunner(time).RunAsync(
            new LoadRun
            {
                Name = "demo",
                Steps = [new Step("GET", (_, _) => Task.FromResult(new StepOutcome { Label = "cold", FirstByte = TimeSpan.FromMilliseconds(3) }))],
                Simulation = LoadSimulation.FixedConcurrency(1, iterations: 3),
            },
            CancellationToken.None);
        var metrics = new Dictionary<string, double>();
        MetricNames.AddRun(metrics, run);
        return new BenchReport
        {
            Machine = new MachineInfo(2, "Test CPU", "24.0 GiB", "6.1.0", "TCG: test", "10.0.0", "abc1234", false, new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)),
            Command = "lightvm bench demo --smoke",
            Driver = "process",
            Scenarios =
            [
                new ScenarioResult
                {
                    Name = "demo",
                    Description = "A demo.",
                    Driver = "process",
                    Seconds = 1,
                    Runs = [run],
                    Tables = [RunTables.Latency("Latency", [run]), RunTables.Labels([run])!],
                    Plots = [RunTables.Curves("demo", [run])],
                    Notes = ["a note"],
                    Metrics = metrics,
                    Thresholds =
                    [
                        .. ThresholdEvaluator.Evaluate([Threshold.Parse("errors = 0")], metrics, gate: true),
                        .. ThresholdEvaluator.Evaluate([Threshold.Parse("demo.p99 < 1ms")], metrics, gate: false),
                    ],
                },
            ],
        };
    }
}
