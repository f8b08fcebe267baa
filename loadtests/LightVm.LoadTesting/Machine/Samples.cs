namespace LightVm.LoadTesting.Machine;

/// <summary>
/// Samples in arrival order (sample k = the k-th guest), with nearest-rank percentiles and the median of a
/// small window around a position, for "latency of guest k".
/// </summary>
public sealed class Samples
{
    public const int WindowWidth = 10;
    private readonly List<double> _values = [];
    private double[]? _sorted;

    public int Count => _values.Count;

    public IReadOnlyList<double> Values => _values;

    public double Min => Count == 0 ? double.NaN : Sorted[0];

    public double Max => Count == 0 ? double.NaN : Sorted[^1];

    public double Median => Percentile(50);

    private double[] Sorted => _sorted ??= [.. _values.Order()];

    public void Add(double value)
    {
        _values.Add(value);
        _sorted = null;
    }

    public double Percentile(double p)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * Count) - 1;
        return Sorted[Math.Clamp(rank, 0, Count - 1)];
    }

    /// <summary>
    /// The median of samples k-4..k+5 (1-based, <see cref="WindowWidth"/> samples), shifted left to fit when
    /// k is near the end; NaN when there are fewer than k samples.
    /// </summary>
    public double WindowMedian(int k)
    {
        if (k < 1 || k > Count)
        {
            return double.NaN;
        }

        var (first, last) = Window(k);
        var window = _values.Skip(first - 1).Take(last - first + 1).Order().ToArray();
        return window[(window.Length - 1) / 2];
    }

    /// <summary>The 1-based inclusive sample range <see cref="WindowMedian"/> uses for k.</summary>
    public (int First, int Last) Window(int k)
    {
        var last = Math.Min(Count, k + (WindowWidth / 2));
        var first = Math.Max(1, last - WindowWidth + 1);
        return (first, last);
    }

    public Summary Summarize() => new(Count, Min, Median, Percentile(90), Percentile(99), Max);
}
