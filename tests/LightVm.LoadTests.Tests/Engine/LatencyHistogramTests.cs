using LightVm.LoadTesting.Engine;

namespace LightVm.LoadTests.Tests.Engine;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Summarize_OneToAThousandMs_ReportsPercentilesWithinHdrPrecision()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.RecordMilliseconds(ms);
        }

        var s = histogram.Summarize();

        Assert.Equal(1000, s.Count);
        Assert.Equal(1, s.Min, precision: 3);
        Assert.InRange(s.P50, 499.5, 500.5);
        Assert.InRange(s.P90, 899.5, 900.5);
        Assert.InRange(s.P99, 989.5, 990.5);
        Assert.InRange(s.P999, 998.5, 999.6);
        Assert.InRange(s.Max, 999.5, 1000.5);
        Assert.InRange(s.Mean, 500, 501);
    }

    [Fact]
    public void Summarize_Empty_IsNaN()
    {
        var s = new LatencyHistogram().Summarize();

        Assert.Equal(0, s.Count);
        Assert.True(double.IsNaN(s.P99));
    }

    [Fact]
    public void Record_SubMillisecond_KeepsMicroseconds()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(TimeSpan.FromMicroseconds(170));

        Assert.Equal(0.17, histogram.Summarize().P50, precision: 3);
    }

    [Fact]
    public void Curve_IsMonotonicAndEndsAtMax()
    {
        var histogram = new LatencyHistogram();
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            histogram.RecordMilliseconds(random.NextDouble() * 20);
        }

        var curve = histogram.Curve();

        Assert.Equal(0, curve[0].Percentile);
        Assert.Equal(100, curve[^1].Percentile);
        Assert.True(curve.Zip(curve.Skip(1), (a, b) => b.Percentile > a.Percentile && b.Ms >= a.Ms).All(x => x));
        Assert.Equal(histogram.Summarize().Max, curve[^1].Ms);
    }
}
