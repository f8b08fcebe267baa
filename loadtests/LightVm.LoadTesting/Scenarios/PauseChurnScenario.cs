using System.Globalization;
using LightVm.LoadTesting.Engine;
using LightVm.LoadTesting.Platform;
using LightVm.LoadTesting.Reports;
using LightVm.LoadTesting.Thresholds;

namespace LightVm.LoadTesting.Scenarios;

/// <summary>
/// Many services that go idle and are woken: each service is paused 500 ms after its last request and gets its
/// next request about two seconds later, so nearly every request wakes a paused guest. Reports the wake-up
/// latency (activation "resumed") against warm requests.
/// </summary>
public sealed class PauseChurnScenario : IBenchScenario
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    public string Name => "pause-churn";

    public string Description =>
        "N services with pauseAfter 500ms, each requested every 2 s round-robin (open model): wake-up latency of paused guests through the gateway (label 'resumed').";

    public IReadOnlyList<Threshold> Thresholds { get; } =
        [Threshold.Parse("errors = 0"), Threshold.Parse("churn.resumed.count >= 1"), Threshold.Parse("churn.resumed.p99 < 250ms")];

    public IReadOnlyList<Threshold> Goals { get; } = [Threshold.Parse("churn.resumed.p50 <= 5ms")];

    public IReadOnlyList<PolicySpec> Policies(BenchOptions options) =>
        [.. Enumerable.Range(0, Services(options)).Select(i => new PolicySpec { Name = ServiceName(i), Pool = 1, PauseAfter = "500ms", DestroyAfter = "1h" })];

    public async Task<ScenarioOutput> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var output = new ScenarioOutput();
        var services = Services(context.Options);
        var duration = context.Options.DurationOr(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(6));
        using var http = HttpProbe.Client(256, Timeout.InfiniteTimeSpan);

        context.Log($"starting {services} services, then waiting until all their guests are paused...");
        for (var i = 0; i < services; i++)
        {
            var first = await HttpProbe.GetAsync(http, context.Url(), context.Target.Host(ServiceName(i)), cancellationToken).ConfigureAwait(false);
            if (!first.Ok)
            {
                throw new InvalidOperationException($"the first request to {ServiceName(i)} failed: {first.Error}");
            }
        }

        await WaitAllPausedAsync(context, services, cancellationToken).ConfigureAwait(false);
        var run = new LoadRun
        {
            Name = "churn",
            Steps = [new Step("GET /", (ctx, ct) => HttpProbe.GetAsync(http, context.Url(), context.Target.Host(ServiceName((int)(ctx.Iteration % services))), ct))],
            Simulation = LoadSimulation.ConstantRate(services / Period.TotalSeconds, duration),
            StepTimeout = TimeSpan.FromSeconds(15),
        };
        var result = await context.Runner.RunAsync(run, cancellationToken).ConfigureAwait(false);
        output.Runs.Add(result);
        var labels = result.Steps[0].Labels;
        output.Tables.Add(new ReportTable(
            "Wake-ups",
            ["services", "request every", "pauseAfter", "resumed", "warm", "cold", "resumed p50 ms", "resumed p99 ms", "warm p50 ms"],
            [[
                services.ToString(CultureInfo.InvariantCulture), "2 s", "500 ms",
                Count(labels, "resumed"), Count(labels, "warm"), Count(labels, "cold"),
                Cells.Ms(labels.GetValueOrDefault("resumed")?.P50 ?? double.NaN), Cells.Ms(labels.GetValueOrDefault("resumed")?.P99 ?? double.NaN),
                Cells.Ms(labels.GetValueOrDefault("warm")?.P50 ?? double.NaN),
            ]],
            "A 'warm' request found its guest not yet paused (the reaper looks every 100 ms, after the gateway's activity report); 'resumed' requests were held while the agent resumed the guest (process: SIGCONT; oci: cgroup freezer)."));
        output.Plots.Add(RunTables.Timeline("churn: per second", result));
        return output;
    }

    private static async Task WaitAllPausedAsync(ScenarioContext context, int services, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            var guests = await context.Control.GuestsAsync(cancellationToken).ConfigureAwait(false);
            if (guests.Count(g => g.State == "Paused") >= services)
            {
                return;
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"the {services} guests were not all paused within 60 s of their first request (pauseAfter 500ms)");
    }

    private static string Count(IReadOnlyDictionary<string, LatencySummary> labels, string label) =>
        (labels.GetValueOrDefault(label)?.Count ?? 0).ToString(CultureInfo.InvariantCulture);

    private static int Services(BenchOptions options) => options.ClientsOr(40, 6);

    private static string ServiceName(int i) => $"churn{i:000}";
}
