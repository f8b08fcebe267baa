namespace LightVm.LoadTesting.Engine;

/// <summary>Collects the outcomes of one phase of a run, from many iterations at once.</summary>
internal sealed class RunRecorder
{
    private const int SampleLimit = 200_000;
    private readonly StepRecorder[] _steps;
    private readonly List<Sample> _samples = [];
    private readonly Lock _samplesLock = new();
    private long _started;
    private long _ok;
    private long _failed;
    private long _dropped;
    private long _inFlight;

    public RunRecorder(IReadOnlyList<Step> steps)
    {
        _steps = [.. steps.Select(s => new StepRecorder(s.Name))];
    }

    public long Started => Interlocked.Read(ref _started);

    public long Ok => Interlocked.Read(ref _ok);

    public long Failed => Interlocked.Read(ref _failed);

    public long InFlight => Interlocked.Read(ref _inFlight);

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Begin()
    {
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _inFlight);
    }

    public void Drop() => Interlocked.Increment(ref _dropped);

    public void RecordStep(int step, StepOutcome outcome, TimeSpan latency, TimeSpan serviceTime, TimeSpan lateness) =>
        _steps[step].Record(outcome, latency, serviceTime, lateness);

    public void End(long iteration, bool ok, TimeSpan firstStepLatency, double endSecond)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref ok ? ref _ok : ref _failed);
        lock (_samplesLock)
        {
            if (_samples.Count < SampleLimit)
            {
                _samples.Add(new Sample(iteration, endSecond, firstStepLatency.TotalMilliseconds, ok));
            }
        }
    }

    public (double P50, double P99) LivePercentiles() => (_steps[0].Latency.Percentile(50), _steps[0].Latency.Percentile(99));

    public RunResult Result(LoadRun run, LoadSimulation simulation, double elapsedSeconds)
    {
        var steps = _steps.Select(s => s.Result()).ToList();
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            foreach (var (kind, n) in step.Errors)
            {
                errors[kind] = errors.GetValueOrDefault(kind) + n;
            }
        }

        List<Sample> samples;
        lock (_samplesLock)
        {
            samples = [.. _samples.OrderBy(s => s.Iteration)];
        }

        return new RunResult
        {
            Name = run.Name,
            Simulation = simulation.ToString(),
            OpenModel = simulation.IsOpen,
            ElapsedSeconds = elapsedSeconds,
            Started = Started,
            Ok = Ok,
            Failed = Failed,
            Dropped = Dropped,
            Throughput = elapsedSeconds > 0 ? Ok / elapsedSeconds : 0,
            Steps = steps,
            Errors = errors,
            Timeline = Timeline(samples),
            Samples = samples,
        };
    }

    /// <summary>Per-second completions and latency percentiles (nearest rank) of the iterations ending in each second.</summary>
    internal static IReadOnlyList<TimelinePoint> Timeline(IReadOnlyList<Sample> samples)
    {
        var points = new List<TimelinePoint>();
        foreach (var second in samples.GroupBy(s => (int)Math.Floor(s.EndSecond)).OrderBy(g => g.Key))
        {
            var ok = second.Where(s => s.Ok).Select(s => s.Ms).Order().ToArray();
            points.Add(new TimelinePoint(second.Key, ok.Length, second.Count(s => !s.Ok), Rank(ok, 50), Rank(ok, 99)));
        }

        return points;
    }

    private static double Rank(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
