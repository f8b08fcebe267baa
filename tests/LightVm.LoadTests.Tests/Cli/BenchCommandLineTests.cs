using LightVm.LoadTesting.Cli;

namespace LightVm.LoadTests.Tests.Cli;

public sealed class BenchCommandLineTests
{
    private const string Usage = "usage: bench [--count N]";

    [Fact]
    public void Parse_NoArguments_GivesTheDefaults()
    {
        var count = BenchCommandLine.Number("--count", 200, "how many");
        var output = BenchCommandLine.Text("--out", "where");

        var result = BenchCommandLine.Parse([], Usage, count, output);

        Assert.NotNull(result);
        Assert.Equal(200, result.GetValue(count));
        Assert.Null(result.GetValue(output));
    }

    [Fact]
    public void Parse_AliasAndFlag_AreRead()
    {
        var drivers = BenchCommandLine.Text("--drivers", "which", "--driver");
        var skip = BenchCommandLine.Flag("--skip", "skip it");

        var result = BenchCommandLine.Parse(["--driver", "uml", "--skip"], Usage, drivers, skip);

        Assert.Equal("uml", result!.GetValue(drivers));
        Assert.True(result.GetValue(skip));
    }

    [Theory]
    [InlineData("--speed", "3", "--speed")]
    [InlineData("--count", "lots", "--count")]
    public void Parse_UsageError_ArgumentExceptionNamingTheOptionWithTheUsage(string option, string value, string named)
    {
        var count = BenchCommandLine.Number("--count", 200, "how many");

        var e = Assert.Throws<ArgumentException>(() => BenchCommandLine.Parse([option, value], Usage, count));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.EndsWith(Usage, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InRange_OutOfRange_ArgumentExceptionNamingTheOptionAndTheRange()
    {
        var count = BenchCommandLine.Number("--count", 200, "how many");
        var result = BenchCommandLine.Parse(["--count", "0"], Usage, count)!;

        var e = Assert.Throws<ArgumentException>(() => BenchCommandLine.InRange(result, count, 1, 5000, Usage));

        Assert.Contains("--count '0' must be a number from 1 to 5000", e.Message, StringComparison.Ordinal);
    }
}
