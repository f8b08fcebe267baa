using LightVm.LoadTesting.Engine;
using LightVm.LoadTesting.Platform;
using LightVm.LoadTesting.Reports;
using LightVm.LoadTesting.Thresholds;

namespace LightVm.LoadTesting.Scenarios;

/// <summary>
/// Fixed concurrency on one warm guest, through the gateway and straight to the guest, in the same run; the same
/// two loads again with wrk, side by side, so our runner is checked by a tool we did not write.
/// </summary>
public sealed class WarmThroughputScenario : IBenchScenario
{
    public string Name => "warm-throughput";

    public string Description =>
        "Closed model: N keep-alive clients on one warm guest, through the gateway and then straight to the guest (same run); the ratio is what the gateway costs. Cross-checked with wrk.";

    public IReadOnlyList<Threshold> Thresholds { get; } = [Threshold.Parse("errors = 0"), Threshold.Parse("gateway.p99 < 50ms")];

    public IReadOnlyList<Threshold> Goals { get; } = [Threshold.Parse("ratio >= 85%"), Threshold.Parse("added_p50 <= 0.3ms")];

    public IReadOnlyList<PolicySpec> Policies(BenchOptions options) => [new PolicySpec { Name = "warm", Pool = 1, PauseAfter = "1h", DestroyAfter = "2h" }];

    public async Task<ScenarioOutput> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var output = new ScenarioOutput();
        var clients = context.Options.ClientsOr(8, 4);
        var duration = context.Options.DurationOr(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(2));
        var warmUp = context.Options.Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);
        var host = context.Target.Host("warm");
        using var client = HttpProbe.Client(clients, TimeSpan.FromSeconds(10));
        var first = await HttpProbe.GetAsync(client, context.Url(), host, cancellationToken).ConfigureAwait(false);
        if (!first.Ok)
        {
            throw new InvalidOperationException($"the first request to {host} failed: {first.Error}");
        }

        var guest = (await context.Control.GuestsAsync(cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(g => g.Service == "warm" && g.State == "Running" && g.Endpoint is not null)
            ?? throw new InvalidOperationException("the control API shows no running guest for 'warm'");
        context.Log($"warm guest {guest.Id:N} at {guest.Endpoint}; {clients} clients, {duration.TotalSeconds:0} s each");

        var gateway = await context.Runner.RunAsync(Run("gateway", clients, duration, warmUp, (ctx, ct) => HttpProbe.GetAsync(client, context.Url(), host, ct)), cancellationToken).ConfigureAwait(false);
        using var directClient = HttpProbe.Client(clients, TimeSpan.FromSeconds(10));
        var directUrl = guest.Endpoint!;
        var direct = await context.Runner.RunAsync(Run("direct", clients, duration, warmUp, (ctx, ct) => HttpProbe.GetAsync(directClient, directUrl, null, ct)), cancellationToken).ConfigureAwait(false);
        output.Runs.AddRange([gateway, direct]);
        var g = gateway.Steps[0].FirstByte ?? gateway.Steps[0].Latency;
        var d = direct.Steps[0].FirstByte ?? direct.Steps[0].Latency;
        output.Metrics["ratio"] = direct.Throughput > 0 ? gateway.Throughput / direct.Throughput : double.NaN;
        output.Metrics["added_p50"] = g.P50 - d.P50;

        var wrkDuration = context.Options.Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(Math.Min(10, duration.TotalSeconds));
        context.Log($"wrk: {clients} connections, {wrkDuration.TotalSeconds:0} s each");
        var wrkGateway = await Wrk.RunAsync(context.Url(), host, clients, wrkDuration, context.Log).ConfigureAwait(false);
        var wrkDirect = await Wrk.RunAsync(directUrl, null, clients, wrkDuration, context.Log).ConfigureAwait(false);
        var rows = new List<IReadOnlyList<string>>
        {
            Row("lightvm runner", "gateway", gateway.Throughput, g.P50, g.P90, g.P99, gateway.Failed),
            Row("lightvm runner", "direct", direct.Throughput, d.P50, d.P90, d.P99, direct.Failed),
        };
        if (wrkGateway is not null && wrkDirect is not null)
        {
            rows.Add(Row("wrk", "gateway", wrkGateway.RequestsPerSecond, wrkGateway.P50, wrkGateway.P90, wrkGateway.P99, wrkGateway.Errors));
            rows.Add(Row("wrk", "direct", wrkDirect.RequestsPerSecond, wrkDirect.P50, wrkDirect.P90, wrkDirect.P99, wrkDirect.Errors));
            output.Metrics["wrk.ratio"] = wrkGateway.RequestsPerSecond / wrkDirect.RequestsPerSecond;
            output.Metrics["wrk.added_p50"] = wrkGateway.P50 - wrkDirect.P50;
            output.Metrics["wrk.errors"] = wrkGateway.Errors + wrkDirect.Errors;
        }
        else
        {
            output.Notes.Add("wrk did not run (is the Debian package 'wrk' installed?): no cross-check in this report.");
        }

        output.Tables.Add(new ReportTable(
            $"Gateway vs direct, {clients} keep-alive connections: our runner and wrk side by side",
            ["tool", "target", "req/s", "p50 ms", "p90 ms", "p99 ms", "errors"],
            rows,
            $"Throughput ratio gateway/direct: runner {Cells.Num(output.Metrics["ratio"] * 100, "0.0")}%, wrk {(output.Metrics.TryGetValue("wrk.ratio", out var wr) ? Cells.Num(wr * 100, "0.0") + "%" : "-")}. "
            + $"Added p50: runner {Cells.Ms(output.Metrics["added_p50"])} ms, wrk {(output.Metrics.TryGetValue("wrk.added_p50", out var wa) ? Cells.Ms(wa) + " ms" : "-")}. "
            + "The load generator shares the 2 cores with the gateway and the guest, so both tools measure a busy host."));
        output.Plots.Add(RunTables.Timeline("gateway: per second", gateway));
        return output;
    }

    private static LoadRun Run(string name, int clients, TimeSpan duration, TimeSpan warmUp, Func<IterationContext, CancellationToken, Task<StepOutcome>> step) => new()
    {
        Name = name,
        Steps = [new Step("GET /", step)],
        Simulation = LoadSimulation.FixedConcurrency(clients, duration),
        WarmUp = LoadSimulation.FixedConcurrency(clients, warmUp),
        StepTimeout = TimeSpan.FromSeconds(10),
    };

    private static IReadOnlyList<string> Row(string tool, string target, double rps, double p50, double p90, double p99, long errors) =>
        [tool, target, Cells.Num(rps, "0"), Cells.Ms(p50), Cells.Ms(p90), Cells.Ms(p99), errors.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}
