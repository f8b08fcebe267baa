using System.Collections.Concurrent;

namespace LightVm.LoadTesting.Engine;

/// <summary>Everything recorded for one step of a run: latencies (all, by label), service times, first bytes, phases, errors.</summary>
internal sealed class StepRecorder(string name)
{
    public string Name { get; } = name;

    /// <summary>From the intended start (open model, first step) or the actual start to the end of the step.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>From the actual start to the end of the step (what a tool without coordinated-omission correction reports).</summary>
    public LatencyHistogram ServiceTime { get; } = new();

    public LatencyHistogram FirstByte { get; } = new();

    public ConcurrentDictionary<string, LatencyHistogram> Labels { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, LatencyHistogram> Phases { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    public void Record(StepOutcome outcome, TimeSpan latency, TimeSpan serviceTime, TimeSpan lateness)
    {
        if (outcome.Label is { } label)
        {
            Labels.GetOrAdd(label, _ => new LatencyHistogram()).Record(latency);
        }

        if (!outcome.Ok)
        {
            Errors.AddOrUpdate(outcome.Error!, 1, (_, n) => n + 1);
            return;
        }

        Latency.Record(latency);
        ServiceTime.Record(serviceTime);
        if (outcome.FirstByte is { } firstByte)
        {
            FirstByte.Record(firstByte + lateness);
        }

        if (outcome.PhasesMs is { } phases)
        {
            foreach (var (phase, ms) in phases)
            {
                Phases.GetOrAdd(phase, _ => new LatencyHistogram()).RecordMilliseconds(ms);
            }
        }
    }

    public StepResult Result() => new()
    {
        Name = Name,
        Latency = Latency.Summarize(),
        ServiceTime = ServiceTime.Summarize(),
        FirstByte = FirstByte.Count > 0 ? FirstByte.Summarize() : null,
        Labels = Labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToDictionary(l => l.Key, l => l.Value.Summarize(), StringComparer.Ordinal),
        Phases = Phases.ToDictionary(p => p.Key, p => p.Value.Summarize(), StringComparer.Ordinal),
        Errors = Errors.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
        Curve = [.. Latency.Curve().Select(p => new CurvePoint(p.Percentile, p.Ms))],
    };
}
