using HdrHistogram;

namespace LightVm.LoadTesting.Engine;

/// <summary>
/// An HdrHistogram of latencies recorded in microseconds (1 µs to 1 hour, 3 significant digits), safe to
/// record into from many threads.
/// </summary>
public sealed class LatencyHistogram
{
    private const long Highest = 3_600_000_000L;
    private readonly LongHistogram _histogram = new(Highest, 3);
    private readonly Lock _lock = new();
    private long _minMicros = long.MaxValue;

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _histogram.TotalCount;
            }
        }
    }

    public void Record(TimeSpan value) => RecordMicroseconds((long)Math.Round(value.TotalMicroseconds));

    public void RecordMilliseconds(double ms) => RecordMicroseconds((long)Math.Round(ms * 1000));

    public void RecordMicroseconds(long micros)
    {
        var v = Math.Clamp(micros, 1, Highest);
        lock (_lock)
        {
            _histogram.RecordValue(v);
            if (v < _minMicros)
            {
                _minMicros = v;
            }
        }
    }

    /// <summary>The value at <paramref name="percentile"/> (0-100) in ms; NaN when empty.</summary>
    public double Percentile(double percentile)
    {
        lock (_lock)
        {
            return _histogram.TotalCount == 0 ? double.NaN : _histogram.GetValueAtPercentile(percentile) / 1000.0;
        }
    }

    public LatencySummary Summarize()
    {
        lock (_lock)
        {
            if (_histogram.TotalCount == 0)
            {
                return LatencySummary.Empty;
            }

            return new LatencySummary(
                _histogram.TotalCount,
                _minMicros / 1000.0,
                _histogram.GetMean() / 1000.0,
                _histogram.GetValueAtPercentile(50) / 1000.0,
                _histogram.GetValueAtPercentile(90) / 1000.0,
                _histogram.GetValueAtPercentile(99) / 1000.0,
                _histogram.GetValueAtPercentile(99.9) / 1000.0,
                _histogram.GetMaxValue() / 1000.0);
        }
    }

    /// <summary>The percentile curve for a plot: (percentile, ms) at 0, 50, 75, 87.5, ... up to the max.</summary>
    public IReadOnlyList<(double Percentile, double Ms)> Curve()
    {
        var points = new List<(double, double)>();
        lock (_lock)
        {
            if (_histogram.TotalCount == 0)
            {
                return points;
            }

            points.Add((0, _minMicros / 1000.0));
            for (var nines = 1; nines <= 12; nines++)
            {
                // 50, 75, 87.5, ... : each point halves the distance to 100.
                var p = 100 - (100 / Math.Pow(2, nines));
                points.Add((p, _histogram.GetValueAtPercentile(p) / 1000.0));
                if (1 / (1 - (p / 100)) > _histogram.TotalCount)
                {
                    break;
                }
            }

            points.Add((100, _histogram.GetMaxValue() / 1000.0));
        }

        return points;
    }
}
