using System.Globalization;
using LightVm.LoadTesting.Engine;
using LightVm.LoadTesting.Platform;
using LightVm.LoadTesting.Reports;
using LightVm.LoadTesting.Thresholds;

namespace LightVm.LoadTesting.Scenarios;

/// <summary>
/// Cold starts arriving faster than the host can make guests (every request a new host name, a pool of 2): each
/// request must be served, or refused with 503 within its deadline (startTimeout 1 s); none may go unanswered.
/// </summary>
public sealed class OverloadScenario : IBenchScenario
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    public string Name => "overload";

    public string Description =>
        "Open model above capacity: every request a new guest (instancePer: host, pool 2, startTimeout 1s). Each request is served or answered 503 within its deadline; no-answers and late answers are counted (both must be 0).";

    public IReadOnlyList<Threshold> Thresholds { get; } =
        [Threshold.Parse("no_answer = 0"), Threshold.Parse("late = 0"), Threshold.Parse("other_errors = 0")];

    public IReadOnlyList<Threshold> Goals { get; } = [Threshold.Parse("overload.http_503.p99 <= 1.5s"), Threshold.Parse("refused >= 1")];

    public IReadOnlyList<PolicySpec> Policies(BenchOptions options) =>
        [new PolicySpec { Name = "ovl", InstancePer = "host", Pool = 2, StartTimeout = "1s", PauseAfter = "1h", DestroyAfter = "2h", MaxHeld = 100 }];

    public async Task<ScenarioOutput> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var output = new ScenarioOutput();
        var rate = context.Options.ClientsOr(context.Target.Driver == "process" ? 150 : 40, context.Target.Driver == "process" ? 60 : 20);
        var duration = context.Options.DurationOr(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));
        using var http = HttpProbe.Client(10_000, Timeout.InfiniteTimeSpan);
        var run = new LoadRun
        {
            Name = "overload",
            Steps =
            [
                new Step("first request", async (ctx, ct) =>
                {
                    var outcome = await HttpProbe.GetAsync(
                        http, context.Url(), context.Target.Host("ovl", $"{(ctx.WarmUp ? "w" : "o")}{ctx.Iteration + 1:00000}"), ct, newConnection: true).ConfigureAwait(false);

                    // Late: refused after the deadline (from when the request was sent), or served after being held past it.
                    var held = outcome.PhasesMs?.GetValueOrDefault("hold") ?? 0;
                    var late = outcome.Error == "http 503" ? outcome.FirstByte > StartTimeout + Grace : held > (StartTimeout + Grace).TotalMilliseconds;
                    return late ? outcome with { Label = outcome.Label + " late" } : outcome;
                }),
            ],
            Simulation = LoadSimulation.ConstantRate(rate, duration),
            WarmUp = LoadSimulation.ConstantRate(5, iterations: 5),

            // Far past the deadline: an iteration still running then never got an answer.
            StepTimeout = StartTimeout + TimeSpan.FromSeconds(10),
        };
        context.Log($"{rate} new guests per second for {duration.TotalSeconds:0} s (startTimeout {StartTimeout.TotalSeconds:0} s)");
        var result = await context.Runner.RunAsync(run, cancellationToken).ConfigureAwait(false);
        output.Runs.Add(result);

        var served = result.Ok;
        var refused = result.Errors.GetValueOrDefault("http 503");
        var noAnswer = result.Errors.GetValueOrDefault("no answer");
        var other = result.Failed - refused - noAnswer;

        var late = result.Steps[0].Labels.Where(l => l.Key.EndsWith(" late", StringComparison.Ordinal)).Sum(l => l.Value.Count);
        output.Metrics["served"] = served;
        output.Metrics["refused"] = refused;
        output.Metrics["no_answer"] = noAnswer;
        output.Metrics["late"] = Math.Max(0, late);
        output.Metrics["other_errors"] = other;
        output.Metrics["offered_rate"] = rate;
        output.Tables.Add(new ReportTable(
            "Served or refused in time",
            ["offered", "served (200)", "refused (503)", "no answer", "late (> 2 s)", "other errors", "served/s"],
            [[
                $"{rate}/s for {duration.TotalSeconds:0} s = {result.Started}",
                served.ToString(CultureInfo.InvariantCulture), refused.ToString(CultureInfo.InvariantCulture),
                noAnswer.ToString(CultureInfo.InvariantCulture), Math.Max(0, late).ToString(CultureInfo.InvariantCulture),
                other.ToString(CultureInfo.InvariantCulture), Cells.Num(result.Throughput, "0.0"),
            ]],
            "Deadline: startTimeout (1 s) + 1 s grace: a 503 later than that after the request was sent, or a served request held longer than that in the gateway (Server-Timing hold), is late. The latency of both outcomes is in the 'By outcome' table (label cold = served, http 503 = refused)."));
        output.Plots.Add(RunTables.Timeline("overload: per second", result));
        output.Plots.Add(RunTables.PerIteration("latency of the k-th request (served only)", "request k", [result]));
        return output;
    }
}
