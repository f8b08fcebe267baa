namespace LightVm.LoadTesting.Engine;

/// <summary>
/// The metric names thresholds refer to: <c>&lt;run&gt;.&lt;stat&gt;</c> for a run's first step (stats: count, min, mean,
/// p50, p90, p99, p99.9, max, errors, rps), <c>&lt;run&gt;.&lt;label&gt;.&lt;stat&gt;</c> per label,
/// <c>&lt;run&gt;.&lt;step&gt;.&lt;stat&gt;</c> for later steps, <c>&lt;run&gt;.phase.&lt;phase&gt;.p50|p99</c>,
/// <c>&lt;run&gt;.error.&lt;kind&gt;</c>, and <c>errors</c> over all runs.
/// </summary>
public static class MetricNames
{
    public static void AddRun(IDictionary<string, double> metrics, RunResult run)
    {
        for (var i = 0; i < run.Steps.Count; i++)
        {
            var step = run.Steps[i];
            var prefix = i == 0 ? run.Name : $"{run.Name}.{step.Name}";
            AddSummary(metrics, prefix, step.FirstByte ?? step.Latency);
            foreach (var (label, summary) in step.Labels)
            {
                AddSummary(metrics, $"{prefix}.{label.Replace(' ', '_')}", summary);
            }

            foreach (var (phase, summary) in step.Phases)
            {
                metrics[$"{prefix}.phase.{phase}.p50"] = summary.P50;
                metrics[$"{prefix}.phase.{phase}.p99"] = summary.P99;
            }
        }

        metrics[$"{run.Name}.errors"] = run.Failed;
        metrics[$"{run.Name}.rps"] = run.Throughput;
        metrics[$"{run.Name}.dropped"] = run.Dropped;
        foreach (var (kind, n) in run.Errors)
        {
            metrics[$"{run.Name}.error.{kind.Replace(' ', '_')}"] = n;
        }

        metrics["errors"] = metrics.TryGetValue("errors", out var e) ? e + run.Failed + run.Dropped : run.Failed + run.Dropped;
    }

    public static void AddSummary(IDictionary<string, double> metrics, string prefix, LatencySummary s)
    {
        metrics[$"{prefix}.count"] = s.Count;
        metrics[$"{prefix}.min"] = s.Min;
        metrics[$"{prefix}.mean"] = s.Mean;
        metrics[$"{prefix}.p50"] = s.P50;
        metrics[$"{prefix}.p90"] = s.P90;
        metrics[$"{prefix}.p99"] = s.P99;
        metrics[$"{prefix}.p99.9"] = s.P999;
        metrics[$"{prefix}.max"] = s.Max;
    }
}
