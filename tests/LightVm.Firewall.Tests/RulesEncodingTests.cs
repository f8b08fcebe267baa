namespace LightVm.Firewall.Tests;

public sealed class RulesEncodingTests
{
    [Fact]
    public void ToPageValue_MultiLineText_OneLineWithoutNewlines()
    {
        var value = RulesEncoding.ToPageValue("allow host a.test\r\ndeny   # c:\\x\n");

        Assert.Equal("allow host a.test\\r\\ndeny   # c:\\\\x\\n", value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("allow")]
    [InlineData("allow host a.test\ndeny port 25 # no \\n here\r\n\n\\\\\\")]
    public void FromPageValue_OfToPageValue_GivesTheTextBack(string text)
    {
        Assert.Equal(text, RulesEncoding.FromPageValue(RulesEncoding.ToPageValue(text)));
    }

    [Fact]
    public void FromPageValue_UnknownEscapeOrTrailingBackslash_KeptAsIs()
    {
        Assert.Equal("a\\tb\\", RulesEncoding.FromPageValue("a\\tb\\"));
    }

    [Fact]
    public void FromPageValue_EncodedRules_ParseWithOriginalLineNumbers()
    {
        var value = RulesEncoding.ToPageValue("# first\nallow host a.test\n\ndeny port 25");

        var rules = RuleParser.Parse(RulesEncoding.FromPageValue(value));

        Assert.Equal([2, 4], rules.Rules.Select(r => r.Line));
    }
}
