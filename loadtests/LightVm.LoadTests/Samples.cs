namespace LightVm.LoadTests;

/// <summary>A small set of latency samples in milliseconds, with the figures a report quotes.</summary>
internal sealed class Samples(string name)
{
    private readonly List<double> _values = [];

    public string Name { get; } = name;

    public int Count => _values.Count;

    public void Add(double ms) => _values.Add(ms);

    public double Percentile(double p)
    {
        if (_values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public double Median => Percentile(50);

    public double Min => _values.Count == 0 ? double.NaN : _values.Min();

    public double Max => _values.Count == 0 ? double.NaN : _values.Max();

    public IReadOnlyList<double> Values => _values;
}
