using System.Globalization;
using LightVm.LoadTesting.Engine;

namespace LightVm.LoadTesting.Reports;

/// <summary>The standard tables and plots of load runs: latency, labels, phases, errors; percentile curves and timelines.</summary>
public static class RunTables
{
    public static ReportTable Latency(string title, IReadOnlyList<RunResult> runs)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var run in runs)
        {
            for (var i = 0; i < run.Steps.Count; i++)
            {
                var step = run.Steps[i];
                var name = run.Steps.Count == 1 ? run.Name : $"{run.Name} / {step.Name}";
                rows.Add([name, .. Cells.Latency(step.FirstByte ?? step.Latency), Cells.Num(run.Throughput, "0.0"), run.Failed.ToString(CultureInfo.InvariantCulture)]);
                if (run.OpenModel && i == 0)
                {
                    rows.Add([name + " (service time, uncorrected)", .. Cells.Latency(step.ServiceTime), string.Empty, string.Empty]);
                }
            }
        }

        return new ReportTable(title, ["run", .. Cells.LatencyColumns, "ok/s", "errors"], rows,
            "Open models: latency from each request's intended start (coordinated omission corrected); the 'service time' row is from its actual start. Time to first byte where the step reports it.");
    }

    public static ReportTable? Labels(IReadOnlyList<RunResult> runs)
    {
        var rows = runs.SelectMany(r => r.Steps.Take(1).SelectMany(s => s.Labels.Select(l => (IReadOnlyList<string>)[r.Name, l.Key, .. Cells.Latency(l.Value)]))).ToList();
        return rows.Count == 0 ? null : new ReportTable("By outcome (activation kind or status)", ["run", "outcome", .. Cells.LatencyColumns], rows);
    }

    public static ReportTable? Phases(IReadOnlyList<RunResult> runs)
    {
        string[] order = ["queue", "shell", "execute", "ready", "hold", "proxy"];
        var rows = new List<IReadOnlyList<string>>();
        foreach (var run in runs)
        {
            foreach (var (phase, s) in run.Steps[0].Phases.OrderBy(p => Array.IndexOf(order, p.Key) is var i && i < 0 ? 99 : i))
            {
                rows.Add([run.Name, phase, s.Count.ToString(CultureInfo.InvariantCulture), Cells.Ms(s.P50), Cells.Ms(s.P90), Cells.Ms(s.P99), Cells.Ms(s.Max)]);
            }
        }

        return rows.Count == 0 ? null : new ReportTable(
            "Cold-start phases (gateway Server-Timing)",
            ["run", "phase", "n", "p50 ms", "p90 ms", "p99 ms", "max ms"],
            rows,
            "queue: command on the bus until the agent takes it; shell: taking a prepared shell (long = made on the request path); execute: device page + release; ready: until the guest accepts connections; hold: the whole wait in the gateway; proxy: forwarding until the guest's response headers.");
    }

    public static ReportTable? Errors(IReadOnlyList<RunResult> runs)
    {
        var rows = runs.SelectMany(r => r.Errors.Select(e => (IReadOnlyList<string>)[r.Name, e.Key, e.Value.ToString(CultureInfo.InvariantCulture)]))
            .Concat(runs.Where(r => r.Dropped > 0).Select(r => (IReadOnlyList<string>)[r.Name, "dropped (too many in flight)", r.Dropped.ToString(CultureInfo.InvariantCulture)]))
            .ToList();
        return rows.Count == 0 ? null : new ReportTable("Errors by kind", ["run", "kind", "count"], rows);
    }

    public static Plot Curves(string title, IReadOnlyList<RunResult> runs) => new(
        title,
        "percentile",
        "latency (ms)",
        [.. runs.Select(r => new PlotSeries(r.Name, [.. r.Steps[0].Curve.Select(c => new PlotPoint(c.Percentile, c.Ms))]))],
        PercentileX: true,
        LogY: true);

    public static Plot Timeline(string title, RunResult run) => new(
        title,
        "second of the run",
        "ms / completions per second",
        [
            new PlotSeries("p50 ms", [.. run.Timeline.Select(t => new PlotPoint(t.Second, t.P50))]),
            new PlotSeries("p99 ms", [.. run.Timeline.Select(t => new PlotPoint(t.Second, t.P99))]),
            new PlotSeries("ok/s", [.. run.Timeline.Select(t => new PlotPoint(t.Second, t.Ok))]),
            new PlotSeries("errors/s", [.. run.Timeline.Select(t => new PlotPoint(t.Second, t.Errors))]),
        ],
        LogY: true);

    public static Plot PerIteration(string title, string xLabel, IReadOnlyList<RunResult> runs) => new(
        title,
        xLabel,
        "latency (ms)",
        [.. runs.Select(r => new PlotSeries(r.Name, [.. r.Samples.Where(s => s.Ok).Select(s => new PlotPoint(s.Iteration + 1, s.Ms))]))],
        Scatter: true,
        LogY: true);
}
