using System.Net;

namespace LightVm.Firewall.Tests;

public sealed class RuleParserTests
{
    [Fact]
    public void Parse_EveryClause_FillsTheRule()
    {
        var rules = RuleParser.Parse("allow host Example.Test. cidr 10.0.0.0/8 port 80,8000-8100");

        var rule = Assert.Single(rules.Rules);
        Assert.Equal(1, rule.Line);
        Assert.Equal("allow host Example.Test. cidr 10.0.0.0/8 port 80,8000-8100", rule.Text);
        Assert.Equal(FirewallAction.Allow, rule.Action);
        Assert.Equal("example.test", rule.Host);
        Assert.Equal(IPNetwork.Parse("10.0.0.0/8"), rule.Cidr);
        Assert.Equal([new PortRange(80, 80), new PortRange(8000, 8100)], rule.Ports);
    }

    [Fact]
    public void Parse_ClausesInAnyOrderAndKeywordsInAnyCase_Accepted()
    {
        var rules = RuleParser.Parse("DENY Port 25 HOST mail.test");

        var rule = Assert.Single(rules.Rules);
        Assert.Equal(FirewallAction.Deny, rule.Action);
        Assert.Equal("mail.test", rule.Host);
        Assert.Equal([new PortRange(25, 25)], rule.Ports);
        Assert.Null(rule.Cidr);
    }

    [Fact]
    public void Parse_NoClause_RuleWithoutConditions()
    {
        var rule = Assert.Single(RuleParser.Parse("allow").Rules);

        Assert.Null(rule.Host);
        Assert.Null(rule.Cidr);
        Assert.Empty(rule.Ports);
    }

    [Fact]
    public void Parse_CommentsAndBlankLines_IgnoredAndLinesCounted()
    {
        var text = "# my rules\n\n  allow host a.test   # trailing comment\r\n\t\ndeny port 25\n";

        var rules = RuleParser.Parse(text);

        Assert.Collection(
            rules.Rules,
            r => Assert.Equal((3, "allow host a.test"), (r.Line, r.Text)),
            r => Assert.Equal((5, "deny port 25"), (r.Line, r.Text)));
    }

    [Fact]
    public void Parse_WildcardPatterns_Kept()
    {
        var rules = RuleParser.Parse("deny host *.ads.test\nallow host *");

        Assert.Equal(["*.ads.test", "*"], rules.Rules.Select(r => r.Host));
    }

    [Fact]
    public void Parse_IPv6Cidr_Accepted()
    {
        var rule = Assert.Single(RuleParser.Parse("allow cidr fd00::/8").Rules);

        Assert.Equal(IPNetwork.Parse("fd00::/8"), rule.Cidr);
    }

    [Fact]
    public void Parse_NoDefaultLine_DefaultIsDeny()
    {
        Assert.Equal(FirewallAction.Deny, RuleParser.Parse("allow port 80").Default);
    }

    [Theory]
    [InlineData("default allow", FirewallAction.Allow)]
    [InlineData("DEFAULT Deny", FirewallAction.Deny)]
    public void Parse_DefaultLine_SetsDefault(string text, FirewallAction expected)
    {
        var rules = RuleParser.Parse(text);

        Assert.Equal(expected, rules.Default);
        Assert.Empty(rules.Rules);
    }

    [Fact]
    public void Parse_EmptyText_NoRulesDefaultDeny()
    {
        var rules = RuleParser.Parse("  \n# nothing\n");

        Assert.Empty(rules.Rules);
        Assert.Equal(FirewallAction.Deny, rules.Default);
    }

    [Theory]
    [InlineData("alow host a.test", "unknown word 'alow': a rule starts with allow, deny or default")]
    [InlineData("allow hots a.test", "unknown word 'hots': after allow come host PATTERN, cidr CIDR or port PORTS")]
    [InlineData("allow host", "host needs a pattern: a DNS name, *.name or *")]
    [InlineData("allow host port 80", "host needs a pattern: a DNS name, *.name or *")]
    [InlineData("allow cidr", "cidr needs a network: an IPv4 or IPv6 address with a prefix length, e.g. 10.0.0.0/8")]
    [InlineData("allow port", "port needs ports: n or n-m (1-65535), separated by commas, e.g. 80,8000-8100")]
    [InlineData("allow host a.test host b.test", "host given twice: each of host, cidr and port at most once per rule")]
    [InlineData("allow host a_b.test", "'a_b.test' is not a host pattern: use a DNS name (letters, digits, '-', dots), *.name for its subdomains, or * for any host")]
    [InlineData("allow host a..test", "'a..test' is not a host pattern: use a DNS name (letters, digits, '-', dots), *.name for its subdomains, or * for any host")]
    [InlineData("allow host a.*.test", "'a.*.test' is not a host pattern: use a DNS name (letters, digits, '-', dots), *.name for its subdomains, or * for any host")]
    [InlineData("allow host -a.test", "'-a.test' is not a host pattern: use a DNS name (letters, digits, '-', dots), *.name for its subdomains, or * for any host")]
    [InlineData("allow cidr 10.0.0.1", "'10.0.0.1' has no prefix length: write a network as address/length, e.g. 10.0.0.1/32 for one IPv4 address")]
    [InlineData("allow cidr 10.0.0.1/8", "'10.0.0.1/8' has host bits set after the /8 prefix: write the network address, 10.0.0.0/8")]
    [InlineData("allow cidr fd00::1/8", "'fd00::1/8' has host bits set after the /8 prefix: write the network address, fd00::/8")]
    [InlineData("allow cidr 10.0.0.0/33", "'33' is not a prefix length: for this address it is 0-32")]
    [InlineData("allow cidr ::/129", "'129' is not a prefix length: for this address it is 0-128")]
    [InlineData("allow cidr example.test/8", "'example.test' is not an IP address: a cidr is an IPv4 or IPv6 address with a prefix length, e.g. 10.0.0.0/8 or fd00::/8")]
    [InlineData("allow port 0", "'0' is not a port or port range: write n or n-m with ports 1-65535")]
    [InlineData("allow port 65536", "'65536' is not a port or port range: write n or n-m with ports 1-65535")]
    [InlineData("allow port http", "'http' is not a port or port range: write n or n-m with ports 1-65535")]
    [InlineData("allow port 90-80", "'90-80' is a backwards range: write n-m with n <= m, e.g. 80-90")]
    [InlineData("allow port 80,,443", "empty port in the list: write n or n-m (1-65535) separated by commas, without spaces, e.g. 80,443")]
    [InlineData("allow port 1-2-3", "'1-2-3' is not a port or port range: write n or n-m with ports 1-65535")]
    [InlineData("default", "default needs an action: write default allow or default deny")]
    [InlineData("default maybe", "unknown default 'maybe': write default allow or default deny")]
    [InlineData("default deny host a.test", "unexpected word 'host' after default deny: write default allow or default deny")]
    public void TryParse_BadRule_ErrorSaysWhatAndWhatIsAllowed(string rule, string message)
    {
        var ok = RuleParser.TryParse("# header\n" + rule + "   # why", out _, out var errors);

        Assert.False(ok);
        var error = Assert.Single(errors);
        Assert.Equal(new RuleError(2, rule, message), error);
    }

    [Fact]
    public void TryParse_DefaultTwice_ErrorOnSecondLineNamesFirst()
    {
        RuleParser.TryParse("default deny\nallow\ndefault allow", out _, out var errors);

        Assert.Equal(new RuleError(3, "default allow", "default given twice (first on line 1): say default at most once"), Assert.Single(errors));
    }

    [Fact]
    public void TryParse_SeveralBadLines_ReportsAllInLineOrder()
    {
        var ok = RuleParser.TryParse("alow\nallow host a.test\ndeny port 99999\nallow hots x port 0", out var rules, out var errors);

        Assert.False(ok);
        Assert.Equal([1, 3, 4, 4], errors.Select(e => e.Line));
        Assert.Empty(rules.Rules);
        Assert.Equal(FirewallAction.Deny, rules.Default);
    }

    [Fact]
    public void TryParse_GoodText_NoErrors()
    {
        var ok = RuleParser.TryParse("allow host a.test\ndefault allow", out var rules, out var errors);

        Assert.True(ok);
        Assert.Empty(errors);
        Assert.Single(rules.Rules);
    }

    [Fact]
    public void Parse_BadText_ThrowsWithEveryErrorInMessage()
    {
        var ex = Assert.Throws<RuleSyntaxException>(() => RuleParser.Parse("alow\nallow port 0"));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Equal(
            "2 errors in the firewall rules:\n"
            + "line 1: 'alow': unknown word 'alow': a rule starts with allow, deny or default\n"
            + "line 2: 'allow port 0': '0' is not a port or port range: write n or n-m with ports 1-65535",
            ex.Message);
    }
}
