using System.Diagnostics;
using LightVm.LoadTesting.Engine;
using LightVm.LoadTesting.Machine;
using LightVm.LoadTesting.Platform;
using LightVm.LoadTesting.Reports;
using LightVm.LoadTesting.Scenarios;
using LightVm.LoadTesting.Thresholds;

namespace LightVm.LoadTesting.Cli;

/// <summary>Runs the chosen scenarios one after another, each on its own platform (or the one given by URL), and writes the report.</summary>
public sealed class BenchRunner(BenchOptions options, ProgressLine progress, TimeProvider time)
{
    public async Task<BenchReport> RunAsync(IReadOnlyList<IBenchScenario> scenarios, CancellationToken cancellationToken)
    {
        var machine = await MachineInfo.CollectAsync(options.RepoRoot).ConfigureAwait(false);
        progress.Log($"Machine: {machine.Describe()}");
        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress.Log($"== {scenario.Name}: {scenario.Description}");
            results.Add(await RunOneAsync(scenario, cancellationToken).ConfigureAwait(false));
            var last = results[^1];
            progress.Log($"== {scenario.Name}: {(last.Passed ? "pass" : last.Failure ?? "THRESHOLDS NOT MET: " + string.Join("; ", last.Thresholds.Where(t => t.Gate && !t.Met).Select(t => $"{t.Threshold} (measured {t.Actual:0.###})")))}");
        }

        var report = new BenchReport
        {
            Machine = machine,
            Command = options.CommandLine,
            Driver = options.Driver,
            Target = options.Target?.ToString(),
            Scenarios = results,
        };
        await ReportWriter.WriteAsync(report, options.OutDirectory, cancellationToken).ConfigureAwait(false);
        return report;
    }

    private async Task<ScenarioResult> RunOneAsync(IBenchScenario scenario, CancellationToken cancellationToken)
    {
        var scenarioOptions = options.For(scenario.Name);
        var clock = Stopwatch.StartNew();
        var loadBefore = LoadAverage.Read();
        PlatformProcess? platform = null;
        try
        {
            PlatformTarget target;
            if (scenarioOptions.Target is { } url)
            {
                target = new PlatformTarget { Gateway = url, Driver = scenarioOptions.Driver, HostSuffix = scenarioOptions.HostSuffix };
            }
            else
            {
                var cli = scenarioOptions.CliDll ?? throw new InvalidOperationException("no lightvm.dll to start the platform with: build services/LightVm.Cli or pass --cli PATH (or --target URL)");
                progress.Log($"   starting the platform ({scenarioOptions.Driver} driver)...");
                platform = await PlatformProcess.StartAsync(
                    cli, scenarioOptions.Image, scenarioOptions.Driver, scenario.Policies(scenarioOptions),
                    Path.Combine(scenarioOptions.OutDirectory, "logs", scenario.Name + ".platform.log"), cancellationToken,
                    scenario.PlatformArguments(scenarioOptions)).ConfigureAwait(false);
                target = platform.Target;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var context = new ScenarioContext
            {
                Target = target,
                Options = scenarioOptions,
                Runner = new LoadRunner(time) { Progress = progress.Update },
                Control = new ControlApi(http, target.Gateway),
                Time = time,
                Log = line => progress.Log("   " + line),
            };
            var output = await scenario.RunAsync(context, cancellationToken).ConfigureAwait(false);
            output.Notes.Add($"Host load average (1/5/15 min) at the start: {loadBefore}; at the end: {LoadAverage.Read()} ({Environment.ProcessorCount} cores; other work on the host inflates every figure).");
            return Result(scenario, target, output, clock.Elapsed, failure: null, scenarioOptions.Smoke);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException or FileNotFoundException)
        {
            progress.Log($"   {scenario.Name} could not run: {e.Message}");
            return Result(scenario, null, new ScenarioOutput(), clock.Elapsed, e.Message, scenarioOptions.Smoke);
        }
        finally
        {
            if (platform is not null)
            {
                progress.Log("   stopping the platform (destroying its guests)...");
                await platform.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static ScenarioResult Result(IBenchScenario scenario, PlatformTarget? target, ScenarioOutput output, TimeSpan elapsed, string? failure, bool smoke)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var run in output.Runs)
        {
            MetricNames.AddRun(metrics, run);
        }

        foreach (var (key, value) in output.Metrics)
        {
            metrics[key] = value;
        }

        if (!metrics.ContainsKey("errors"))
        {
            metrics["errors"] = 0;
        }

        var tables = new List<ReportTable>(output.Tables);
        if (output.Runs.Count > 0)
        {
            tables.Insert(0, RunTables.Latency("Latency", output.Runs));
            foreach (var extra in new[] { RunTables.Labels(output.Runs), RunTables.Phases(output.Runs), RunTables.Errors(output.Runs) })
            {
                if (extra is not null)
                {
                    tables.Add(extra);
                }
            }
        }

        var plots = new List<Plot>(output.Plots);
        if (output.Runs.Count > 0)
        {
            plots.Insert(0, RunTables.Curves($"{scenario.Name}: latency by percentile", output.Runs));
        }

        return new ScenarioResult
        {
            Name = scenario.Name,
            Description = scenario.Description,
            Driver = target?.Driver ?? "?",
            PlatformCommand = target?.Command,
            Seconds = elapsed.TotalSeconds,
            Runs = output.Runs,
            Tables = tables,
            Plots = plots,
            Notes = output.Notes,
            Metrics = metrics,
            Thresholds =
            [
                // A smoke run (seconds long, on a shared CI box) gates on correctness only; latency thresholds are reported.
                .. ThresholdEvaluator.Evaluate(scenario.Thresholds.Where(t => !smoke || !t.IsLatency), metrics, gate: true),
                .. ThresholdEvaluator.Evaluate(scenario.Thresholds.Where(t => smoke && t.IsLatency), metrics, gate: false),
                .. ThresholdEvaluator.Evaluate(scenario.Goals, metrics, gate: false),
            ],
            Failure = failure,
        };
    }
}
