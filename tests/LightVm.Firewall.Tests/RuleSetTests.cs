using System.Net;

namespace LightVm.Firewall.Tests;

public sealed class RuleSetTests
{
    [Theory]
    [InlineData("x.ads.test", FirewallAction.Deny)]
    [InlineData("a.b.ADS.test.", FirewallAction.Deny)]
    [InlineData("ads.test", FirewallAction.Allow)]
    [InlineData("badads.test", FirewallAction.Allow)]
    public void Evaluate_SubdomainWildcard_MatchesSubdomainsOnly(string host, FirewallAction expected)
    {
        var rules = RuleParser.Parse("deny host *.ads.test\nallow");

        Assert.Equal(expected, rules.Evaluate(host, null, 80).Action);
    }

    [Theory]
    [InlineData("example.test", true)]
    [InlineData("EXAMPLE.test.", true)]
    [InlineData("www.example.test", false)]
    [InlineData("example.test.evil", false)]
    public void Evaluate_ExactHost_CaseInsensitiveTrailingDotIgnored(string host, bool allowed)
    {
        var rules = RuleParser.Parse("allow host example.test");

        Assert.Equal(allowed, rules.Evaluate(host, null, 443).Allowed);
    }

    [Fact]
    public void Evaluate_StarHost_MatchesAnyHost()
    {
        var rules = RuleParser.Parse("allow host *");

        Assert.True(rules.Evaluate("anything.example", null, 1).Allowed);
        Assert.True(rules.Evaluate("::1", IPAddress.IPv6Loopback, 1).Allowed);
    }

    [Fact]
    public void Evaluate_HostIsIpLiteral_ComparedAsText()
    {
        var rules = RuleParser.Parse("allow host 127.0.0.1");

        Assert.True(rules.Evaluate("127.0.0.1", IPAddress.Loopback, 80).Allowed);
        Assert.False(rules.Evaluate("localhost", IPAddress.Loopback, 80).Allowed);
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("10.255.255.255", true)]
    [InlineData("11.0.0.1", false)]
    [InlineData("::ffff:10.0.0.9", true)]
    [InlineData("fd00::1", false)]
    public void Evaluate_CidrV4_MatchesAddressesInside(string address, bool allowed)
    {
        var rules = RuleParser.Parse("allow cidr 10.0.0.0/8");

        Assert.Equal(allowed, rules.Evaluate("h.test", IPAddress.Parse(address), 80).Allowed);
    }

    [Theory]
    [InlineData("fd00::1", true)]
    [InlineData("fdff:ffff::1", true)]
    [InlineData("fe80::1", false)]
    [InlineData("10.0.0.1", false)]
    public void Evaluate_CidrV6_MatchesAddressesInside(string address, bool allowed)
    {
        var rules = RuleParser.Parse("allow cidr fd00::/8");

        Assert.Equal(allowed, rules.Evaluate("h.test", IPAddress.Parse(address), 80).Allowed);
    }

    [Fact]
    public void Evaluate_CidrWithoutAddress_DoesNotMatch()
    {
        var rules = RuleParser.Parse("allow cidr 0.0.0.0/0");

        Assert.False(rules.Evaluate("h.test", null, 80).Allowed);
    }

    [Theory]
    [InlineData(80, true)]
    [InlineData(8000, true)]
    [InlineData(8050, true)]
    [InlineData(8100, true)]
    [InlineData(7999, false)]
    [InlineData(8101, false)]
    [InlineData(443, false)]
    public void Evaluate_PortList_MatchesListedPortsAndRanges(int port, bool allowed)
    {
        var rules = RuleParser.Parse("allow port 80,8000-8100");

        Assert.Equal(allowed, rules.Evaluate("h.test", null, port).Allowed);
    }

    [Fact]
    public void Evaluate_AllClauses_AllMustMatch()
    {
        var rules = RuleParser.Parse("allow host a.test cidr 10.0.0.0/8 port 443");
        var inside = IPAddress.Parse("10.0.0.1");

        Assert.True(rules.Evaluate("a.test", inside, 443).Allowed);
        Assert.False(rules.Evaluate("b.test", inside, 443).Allowed);
        Assert.False(rules.Evaluate("a.test", IPAddress.Parse("192.0.2.1"), 443).Allowed);
        Assert.False(rules.Evaluate("a.test", inside, 80).Allowed);
    }

    [Fact]
    public void Evaluate_SeveralRulesMatch_FirstWins()
    {
        var rules = RuleParser.Parse("deny port 25\nallow host mail.test\nallow");

        var decision = rules.Evaluate("mail.test", null, 25);

        Assert.Equal(FirewallAction.Deny, decision.Action);
        Assert.Equal(1, decision.Rule?.Line);
        Assert.Equal(2, rules.Evaluate("mail.test", null, 587).Rule?.Line);
        Assert.Equal(3, rules.Evaluate("other.test", null, 587).Rule?.Line);
    }

    [Theory]
    [InlineData("allow host a.test", FirewallAction.Deny)]
    [InlineData("allow host a.test\ndefault allow", FirewallAction.Allow)]
    public void Evaluate_NoRuleMatches_DefaultApplies(string text, FirewallAction expected)
    {
        var decision = RuleParser.Parse(text).Evaluate("b.test", null, 80);

        Assert.Equal(expected, decision.Action);
        Assert.Null(decision.Rule);
    }
}
