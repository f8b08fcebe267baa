using System.Globalization;
using LightVm.LoadTesting.Engine;
using LightVm.LoadTesting.Machine;
using LightVm.LoadTesting.Platform;
using LightVm.LoadTesting.Reports;
using LightVm.LoadTesting.Thresholds;

namespace LightVm.LoadTesting.Scenarios;

/// <summary>
/// Keeps adding guests (one client at a time, each to its own guest) until a count or until the host's available
/// memory falls under a floor, recording the creation latency of the k-th guest and the memory per guest (PSS of
/// the guests' processes, and the drop of the host's available memory, which also counts kernel objects).
/// </summary>
public sealed class DensityScenario : IBenchScenario
{
    private const long MemoryFloorKb = 2L * 1024 * 1024;

    public string Name => "density";

    public string Description =>
        "Guests added one after another (each client its own guest, instancePer: host) until a count or until less than 2 GiB of memory is available: creation latency of the k-th guest, memory per guest.";

    public IReadOnlyList<Threshold> Thresholds { get; } = [Threshold.Parse("errors = 0")];

    public IReadOnlyList<Threshold> Goals { get; } = [Threshold.Parse("flatness <= 2"), Threshold.Parse("pss_per_guest_mb <= 2")];

    public IReadOnlyList<PolicySpec> Policies(BenchOptions options) =>
        [new PolicySpec { Name = "dense", InstancePer = "host", Pool = 2, PauseAfter = "1h", DestroyAfter = "2h" }];

    public async Task<ScenarioOutput> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var output = new ScenarioOutput();
        var limit = context.Options.ClientsOr(500, 20);
        var every = Math.Max(1, limit / 20);
        var before = HostMemory.AvailableKb;
        var points = new List<MemoryPoint>();
        using var http = HttpProbe.Client(16, TimeSpan.FromSeconds(30));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long made = 0;
        var run = new LoadRun
        {
            Name = "density",
            Steps =
            [
                new Step("create", async (ctx, ct) =>
                {
                    var outcome = await HttpProbe.GetAsync(http, context.Url(), context.Target.Host("dense", $"d{ctx.Iteration + 1:00000}"), ct, newConnection: true).ConfigureAwait(false);
                    var k = Interlocked.Increment(ref made);
                    if (k % every == 0 || k == limit)
                    {
                        // Inside the step but after the answer: the figures use the time to first byte, which excludes this.
                        var hostPids = await context.Control.GuestHostPidsAsync(ct).ConfigureAwait(false);
                        var (processes, pss, rss) = GuestProcesses.MeasureTrees(hostPids);
                        var available = HostMemory.AvailableKb;
                        lock (points)
                        {
                            points.Add(new MemoryPoint(k, hostPids.Count, processes, pss, rss, available));
                        }

                        if (available < MemoryFloorKb)
                        {
                            context.Log($"stopping at {k} guests: {available / 1024} MB available, under the 2 GiB floor");
                            await stop.CancelAsync().ConfigureAwait(false);
                        }
                    }

                    return outcome;
                }),
            ],
            Simulation = LoadSimulation.FixedConcurrency(1, iterations: limit),
            StepTimeout = TimeSpan.FromSeconds(30),
        };
        context.Log($"adding up to {limit} guests, one at a time; memory every {every} guests");
        var result = await context.Runner.RunAsync(run, stop.Token).ConfigureAwait(false);
        output.Runs.Add(result);

        var samples = new Samples();
        foreach (var s in result.Samples.Where(s => s.Ok))
        {
            samples.Add(s.Ms);
        }

        var marks = new[] { 1, 10, 50, 100, 200, 500, 1000, 2000, 5000 }.Where(k => k <= samples.Count).Append(samples.Count).Distinct().ToList();
        output.Tables.Add(new ReportTable(
            "Creation latency of the k-th guest (median of the 10 around it)",
            ["k", "ms"],
            [.. marks.Select(k => (IReadOnlyList<string>)[k.ToString(CultureInfo.InvariantCulture), Cells.Ms(samples.WindowMedian(k))])],
            "Latency: the client's request to its own new guest, first byte through the gateway (pool of 2 refilled in the background)."));
        output.Metrics["flatness"] = samples.Count >= 20 ? samples.WindowMedian(samples.Count) / samples.WindowMedian(Math.Min(10, samples.Count)) : double.NaN;

        var last = points.LastOrDefault();
        if (last is not null)
        {
            output.Metrics["guests"] = last.Guests;
            output.Metrics["pss_per_guest_mb"] = last.Listed > 0 ? last.PssPerGuestMb : double.NaN;
            output.Metrics["host_drop_per_guest_mb"] = (before - last.AvailableKb) / 1024.0 / last.Guests;
            output.Tables.Add(new ReportTable(
                "Memory",
                ["guests", "guests with a host process", "their processes", "PSS total MB", "PSS per guest MB", "RSS per guest MB", "host available MB", "host drop per guest MB"],
                [.. points.Select(p => (IReadOnlyList<string>)
                [
                    p.Guests.ToString(CultureInfo.InvariantCulture),
                    p.Listed.ToString(CultureInfo.InvariantCulture),
                    p.Processes.ToString(CultureInfo.InvariantCulture),
                    Cells.Num(p.PssMb, "0.0"),
                    Cells.Num(p.PssPerGuestMb, "0.00"),
                    Cells.Num(p.RssPerGuestMb, "0.00"),
                    (p.AvailableKb / 1024).ToString(CultureInfo.InvariantCulture),
                    Cells.Num((before - p.AvailableKb) / 1024.0 / p.Guests, "0.00"),
                ])],
                "PSS/RSS: smaps_rollup of each guest's host process (as the agent lists it: the guest; the container's init; UML's sandbox; QEMU) and all its descendants, summed, per guest listed; the pool's prepared shells are not counted. Host drop: MemAvailable before the run minus now, per guest (includes page cache, kernel objects and the platform's own growth)."));
            output.Plots.Add(new Plot(
                "memory per guest as guests are added",
                "guests",
                "MB per guest",
                [
                    new PlotSeries("PSS per guest", [.. points.Select(p => new PlotPoint(p.Guests, p.PssPerGuestMb))]),
                    new PlotSeries("host drop per guest", [.. points.Select(p => new PlotPoint(p.Guests, (before - p.AvailableKb) / 1024.0 / p.Guests))]),
                ]));
        }

        output.Plots.Add(RunTables.PerIteration("creation latency of the k-th guest", "guest k", [result]));
        return output;
    }
}
