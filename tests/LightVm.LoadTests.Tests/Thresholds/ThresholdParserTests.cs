using LightVm.LoadTesting.Thresholds;

namespace LightVm.LoadTests.Tests.Thresholds;

public sealed class ThresholdParserTests
{
    [Theory]
    [InlineData("p99 < 50ms", "p99", ComparisonOperator.Less, 50)]
    [InlineData("errors = 0", "errors", ComparisonOperator.Equal, 0)]
    [InlineData("errors == 0", "errors", ComparisonOperator.Equal, 0)]
    [InlineData("storm.p99 < 1s", "storm.p99", ComparisonOperator.Less, 1000)]
    [InlineData("warm.p99.9 <= 500us", "warm.p99.9", ComparisonOperator.LessOrEqual, 0.5)]
    [InlineData("ratio >= 85%", "ratio", ComparisonOperator.GreaterOrEqual, 0.85)]
    [InlineData("  churn.resumed.count>=1 ", "churn.resumed.count", ComparisonOperator.GreaterOrEqual, 1)]
    [InlineData("platform.phase.execute+ready.p50 <= 1.3ms", "platform.phase.execute+ready.p50", ComparisonOperator.LessOrEqual, 1.3)]
    [InlineData("x != 2", "x", ComparisonOperator.NotEqual, 2)]
    [InlineData("x > 2", "x", ComparisonOperator.Greater, 2)]
    public void Parse_ValidText_ReadsMetricOperatorAndValueInMs(string text, string metric, ComparisonOperator op, double value)
    {
        var threshold = ThresholdParser.Parse(text);

        Assert.Equal(metric, threshold.Metric);
        Assert.Equal(op, threshold.Operator);
        Assert.Equal(value, threshold.Value, precision: 9);
        Assert.Equal(text.Trim(), threshold.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("p99 lt 50ms")]
    [InlineData("p99 < fast")]
    [InlineData("< 5ms")]
    [InlineData("p99 < 5 minutes")]
    public void Parse_InvalidText_SaysTheSyntax(string text)
    {
        var e = Assert.Throws<FormatException>(() => ThresholdParser.Parse(text));

        Assert.Contains("'<metric> <op> <value>[unit]'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p99 < 50ms", 49.9, true)]
    [InlineData("p99 < 50ms", 50, false)]
    [InlineData("p99 <= 50ms", 50, true)]
    [InlineData("errors = 0", 0, true)]
    [InlineData("errors = 0", 1, false)]
    [InlineData("ratio >= 85%", 0.86, true)]
    [InlineData("ratio >= 85%", 0.84, false)]
    [InlineData("p99 < 50ms", double.NaN, false)]
    public void IsMetBy_Value_ComparesAsWritten(string text, double actual, bool met)
    {
        Assert.Equal(met, ThresholdParser.Parse(text).IsMetBy(actual));
    }
}
