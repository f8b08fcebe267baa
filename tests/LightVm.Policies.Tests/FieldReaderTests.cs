using YamlDotNet.RepresentationModel;

namespace LightVm.Policies.Tests;

public sealed class FieldReaderTests
{
    private readonly List<PolicyError> _errors = [];

    [Fact]
    public void Int_Missing_ReturnsFallbackWithoutError()
    {
        var reader = Reader([]);

        Assert.Equal(7, reader.Int("port", 7, 1, 10));
        Assert.Empty(_errors);
    }

    [Fact]
    public void Int_OutOfRange_RecordsErrorWithRange()
    {
        var reader = Reader(new() { ["port"] = new YamlScalarNode("11") });

        Assert.Null(reader.Int("port", 7, 1, 10));
        var error = Assert.Single(_errors);
        Assert.Equal("policy.yaml", error.File);
        Assert.Equal("port", error.Field);
        Assert.Equal("'11' is not allowed: an integer from 1 to 10", error.Message);
    }

    [Fact]
    public void Int_NotAScalar_RecordsError()
    {
        var reader = Reader(new() { ["port"] = new YamlSequenceNode(new YamlScalarNode("1")) });

        Assert.Null(reader.Int("port", 7, 1, 10));
        Assert.Equal("port", Assert.Single(_errors).Field);
    }

    [Fact]
    public void String_MissingWithoutFallback_RecordsRequired()
    {
        var reader = Reader([]);

        Assert.Null(reader.String("name", null));
        var error = Assert.Single(_errors);
        Assert.Equal("name", error.Field);
        Assert.Equal("is required", error.Message);
    }

    [Fact]
    public void String_MissingWithFallback_ReturnsFallback()
    {
        var reader = Reader([]);

        Assert.Equal("process", reader.String("driver", "process"));
        Assert.Empty(_errors);
    }

    [Fact]
    public void String_Empty_RecordsError()
    {
        var reader = Reader(new() { ["name"] = new YamlScalarNode(string.Empty) });

        Assert.Null(reader.String("name", null));
        Assert.Equal("must be a non-empty string", Assert.Single(_errors).Message);
    }

    [Fact]
    public void Duration_BelowMinimum_RecordsErrorWithRange()
    {
        var reader = Reader(new() { ["pauseAfter"] = new YamlScalarNode("50ms") });

        Assert.Null(reader.Duration("pauseAfter", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1)));
        Assert.Equal(
            "'50ms' is not allowed: a duration such as 500ms, 30s, 5m or 1h, from 100ms to 24h",
            Assert.Single(_errors).Message);
    }

    [Fact]
    public void StringList_Sequence_ReturnsItems()
    {
        var reader = Reader(new() { ["args"] = new YamlSequenceNode(new YamlScalarNode("--a"), new YamlScalarNode("b")) });

        Assert.Equal(["--a", "b"], reader.StringList("args"));
        Assert.Empty(_errors);
    }

    [Fact]
    public void StringList_Scalar_RecordsError()
    {
        var reader = Reader(new() { ["args"] = new YamlScalarNode("--a") });

        Assert.Empty(reader.StringList("args"));
        Assert.Equal("args", Assert.Single(_errors).Field);
    }

    private FieldReader Reader(Dictionary<string, YamlNode> fields) => new("policy.yaml", fields, _errors);
}
