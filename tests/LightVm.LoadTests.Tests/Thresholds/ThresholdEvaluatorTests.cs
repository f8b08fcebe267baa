using LightVm.LoadTesting.Thresholds;

namespace LightVm.LoadTests.Tests.Thresholds;

public sealed class ThresholdEvaluatorTests
{
    [Fact]
    public void Evaluate_MetricsPresent_ReportsActualAndVerdict()
    {
        var metrics = new Dictionary<string, double> { ["storm.p99"] = 12.5, ["errors"] = 2 };

        var outcomes = ThresholdEvaluator.Evaluate([Threshold.Parse("storm.p99 < 20ms"), Threshold.Parse("errors = 0")], metrics, gate: true);

        Assert.Equal([true, false], outcomes.Select(o => o.Met));
        Assert.Equal([12.5, 2], outcomes.Select(o => o.Actual));
        Assert.All(outcomes, o => Assert.True(o.Gate));
    }

    [Fact]
    public void Evaluate_MetricMissing_FailsAsNotMeasured()
    {
        var outcome = Assert.Single(ThresholdEvaluator.Evaluate([Threshold.Parse("storm.p99 < 20ms")], new Dictionary<string, double>(), gate: false));

        Assert.False(outcome.Met);
        Assert.True(double.IsNaN(outcome.Actual));
        Assert.False(outcome.Gate);
    }

    [Fact]
    public void Evaluate_ErrorKindThatNeverHappened_CountsZero()
    {
        var outcome = Assert.Single(ThresholdEvaluator.Evaluate([Threshold.Parse("overload.error.no_answer = 0")], new Dictionary<string, double>(), gate: true));

        Assert.True(outcome.Met);
        Assert.Equal(0, outcome.Actual);
    }
}
