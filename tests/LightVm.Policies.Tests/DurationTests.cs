namespace LightVm.Policies.Tests;

public sealed class DurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2", 2_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0", 0)]
    [InlineData(" 30s ", 30_000)]
    [InlineData("30S", 30_000)]
    [InlineData("100MS", 100)]
    [InlineData("24h", 86_400_000)]
    public void TryParse_ValidText_ReturnsMilliseconds(string text, double milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("-1s")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("s")]
    [InlineData("ms")]
    [InlineData("5d")]
    [InlineData("1,5s")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("10 minutes")]
    public void TryParse_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(Duration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.Zero, value);
    }

    [Theory]
    [InlineData("1e12")]
    [InlineData("1000000000h")]
    [InlineData("999999999999m")]
    public void TryParse_BeyondTimeSpanRange_ReturnsFalseWithoutThrowing(string text)
    {
        Assert.False(Duration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(500, "500ms")]
    [InlineData(1_500, "1500ms")]
    [InlineData(30_000, "30s")]
    [InlineData(90_000, "90s")]
    [InlineData(300_000, "5m")]
    [InlineData(5_400_000, "90m")]
    [InlineData(3_600_000, "1h")]
    [InlineData(86_400_000, "24h")]
    [InlineData(604_800_000, "168h")]
    public void Format_Value_UsesLargestExactUnit(double milliseconds, string expected)
    {
        Assert.Equal(expected, Duration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(2_500)]
    [InlineData(45_000)]
    [InlineData(600_000)]
    [InlineData(7_200_000)]
    public void Format_ThenTryParse_RoundTrips(double milliseconds)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);

        Assert.True(Duration.TryParse(Duration.Format(value), out var parsed));
        Assert.Equal(value, parsed);
    }
}
