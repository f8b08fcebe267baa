namespace LightVm.Guest.Init.Tests;

public sealed class AppSpecTests
{
    [Fact]
    public void Parse_FullSpec_ReadsEveryField()
    {
        var spec = AppSpec.Parse("""{ "command": ["/app/jit-web", "--x"], "env": { "A": "1" }, "noxs": true }""", "app.json");

        Assert.Equal(["/app/jit-web", "--x"], spec.Command);
        Assert.Equal("1", spec.Env["A"]);
        Assert.True(spec.Noxs);
    }

    [Fact]
    public void Parse_NoNoxs_DefaultsToPlain()
    {
        var spec = AppSpec.Parse("""{ "command": ["/usr/sbin/nginx"] }""", "app.json");

        Assert.False(spec.Noxs);
        Assert.Empty(spec.Env);
    }

    [Theory]
    [InlineData("""{ "command": [] }""", "non-empty")]
    [InlineData("""{ "command": ["jit-web"] }""", "absolute path")]
    [InlineData("""{ "env": {} }""", "command")]
    [InlineData("""{ "command": ["/a"] """, "not valid JSON")]
    [InlineData("null", "empty")]
    public void Parse_BadSpec_ThrowsNamingFileAndProblem(string json, string expected)
    {
        var ex = Assert.Throws<InitException>(() => AppSpec.Parse(json, "/lightvm/app.json"));

        Assert.StartsWith("/lightvm/app.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
