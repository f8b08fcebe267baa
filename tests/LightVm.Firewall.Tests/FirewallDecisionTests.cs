namespace LightVm.Firewall.Tests;

public sealed class FirewallDecisionTests
{
    [Fact]
    public void Describe_RuleMatched_NamesLineAndText()
    {
        var rules = RuleParser.Parse("allow host a.test\ndeny host *.ads.test   # no ads");

        Assert.Equal("rule 2 (deny host *.ads.test)", rules.Evaluate("x.ads.test", null, 80).Describe());
    }

    [Theory]
    [InlineData("", "default deny")]
    [InlineData("default allow", "default allow")]
    public void Describe_DefaultApplied_SaysDefault(string text, string expected)
    {
        Assert.Equal(expected, RuleParser.Parse(text).Evaluate("a.test", null, 80).Describe());
    }
}
