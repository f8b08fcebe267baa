using LightVm.LoadTesting.Engine;

namespace LightVm.LoadTests.Tests.Engine;

public sealed class ArrivalScheduleTests
{
    [Fact]
    public void Offset_ConstantRate_IsIndexOverRate()
    {
        var every25ms = LoadSimulation.Every(TimeSpan.FromMilliseconds(25), iterations: 1000);

        Assert.Equal(TimeSpan.Zero, ArrivalSchedule.Offset(every25ms, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(25), ArrivalSchedule.Offset(every25ms, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(24_975), ArrivalSchedule.Offset(every25ms, 999));
    }

    [Fact]
    public void Offset_PastIterationLimit_IsNull()
    {
        var simulation = LoadSimulation.ConstantRate(10, iterations: 3);

        Assert.NotNull(ArrivalSchedule.Offset(simulation, 2));
        Assert.Null(ArrivalSchedule.Offset(simulation, 3));
    }

    [Fact]
    public void Offset_PastDuration_IsNull()
    {
        var simulation = LoadSimulation.ConstantRate(10, TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromMilliseconds(900), ArrivalSchedule.Offset(simulation, 9));
        Assert.Null(ArrivalSchedule.Offset(simulation, 10));
    }

    [Fact]
    public void Offset_DurationAndIterations_WhicheverComesFirst()
    {
        var simulation = LoadSimulation.ConstantRate(100, TimeSpan.FromSeconds(10), iterations: 5);

        Assert.NotNull(ArrivalSchedule.Offset(simulation, 4));
        Assert.Null(ArrivalSchedule.Offset(simulation, 5));
    }

    [Fact]
    public void Offset_RampFromZeroToTwenty_DeliversTheAreaUnderTheRamp()
    {
        // 0 -> 20 arrivals/s over 10 s: 100 arrivals in all, the k-th at sqrt(k) seconds (N(t) = t^2).
        var ramp = LoadSimulation.RampingRate(0, 20, TimeSpan.FromSeconds(10));

        var arrivals = Enumerable.Range(0, 1000).Select(i => ArrivalSchedule.Offset(ramp, i)).TakeWhile(o => o is not null).ToList();

        Assert.Equal(100, arrivals.Count);
        Assert.Equal(2.0, ArrivalSchedule.Offset(ramp, 4)!.Value.TotalSeconds, precision: 9);
        Assert.Equal(9.0, ArrivalSchedule.Offset(ramp, 81)!.Value.TotalSeconds, precision: 9);
    }

    [Fact]
    public void Offset_RampDown_GapsWiden()
    {
        var ramp = LoadSimulation.RampingRate(20, 2, TimeSpan.FromSeconds(10));

        var offsets = Enumerable.Range(0, 500).Select(i => ArrivalSchedule.Offset(ramp, i)).TakeWhile(o => o is not null).Select(o => o!.Value.TotalSeconds).ToList();
        var gaps = offsets.Zip(offsets.Skip(1), (a, b) => b - a).ToList();

        Assert.Equal(110, offsets.Count); // (20 + 2) / 2 * 10
        Assert.True(gaps.Zip(gaps.Skip(1), (a, b) => b >= a - 1e-12).All(x => x), "gaps shrink somewhere on a falling ramp");
    }

    [Fact]
    public void Offset_ClosedModel_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => ArrivalSchedule.Offset(LoadSimulation.FixedConcurrency(4, iterations: 10), 0));
    }

    [Fact]
    public void ConstantRate_NoLimit_Throws()
    {
        Assert.Throws<ArgumentException>(() => LoadSimulation.ConstantRate(10));
    }

    [Fact]
    public void ToString_ConstantRate_SaysTheInterval()
    {
        Assert.Equal("constant arrival rate 40/s (one every 25 ms) for 1000 iterations", LoadSimulation.Every(TimeSpan.FromMilliseconds(25), iterations: 1000).ToString());
    }
}
