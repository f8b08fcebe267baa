namespace LightVm.Policies.Tests;

/// <summary>The policy fields of the use cases: proxy users with tokens and rules, TLS hosts, backends.</summary>
public sealed class AccessPolicyTests : IDisposable
{
    private readonly string _root;
    private readonly string _policies;

    public AccessPolicyTests()
    {
        _root = Directory.CreateTempSubdirectory("access-policy-tests-").FullName;
        _policies = Path.Combine(_root, "policies");
        Directory.CreateDirectory(_policies);
        File.WriteAllBytes(Path.Combine(_root, "guest"), []);
        using var ca = LightVm.Policies.Tls.LocalCertificateAuthority.OpenOrCreate(Path.Combine(_root, "certs"));
        foreach (var host in new[] { "shop.example.test", "a.test" })
        {
            var issued = ca.Issue(host);
            File.Copy(issued.CertificatePath, Path.Combine(_root, "certs", host == "a.test" ? "a.crt" : "shop.crt"));
            File.Copy(issued.KeyPath, Path.Combine(_root, "certs", host == "a.test" ? "a.key" : "shop.key"));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void LoadDirectory_UsersWithOwnAndDefaultRules_EachUserGetsTheirs()
    {
        Write("fw.yaml", """
            name: fw
            image: ../guest
            instancePer: user
            rules: |
              deny host *.ads.test
              allow port 80,443
            users:
              alice:
                token: a-token
                rules: ["allow host example.test", "deny"]
              Bob: { token: b-token }
            """);

        var policy = Assert.Single(PolicyLoader.LoadDirectory(_policies).All);

        Assert.Equal(InstancePer.User, policy.InstancePer);
        var alice = policy.Users.Single(u => u.Name == "alice");
        Assert.Equal("a-token", alice.Token);
        Assert.Equal("allow host example.test\ndeny", alice.Rules.Text);
        Assert.Equal([10, 10], alice.Rules.FileLines);
        var bob = policy.Users.Single(u => u.Name == "bob");
        Assert.Equal("deny host *.ads.test\nallow port 80,443", bob.Rules.Text);
        Assert.Equal([5, 6], bob.Rules.FileLines);
        Assert.Equal(5, bob.Rules.FileLine(1));
    }

    [Fact]
    public void LoadDirectory_RuleSyntaxErrors_ReportedWithFileLineAndRule()
    {
        var file = Write("fw.yaml", """
            name: fw
            image: ../guest
            instancePer: user
            rules: |
              allow port 80
              alow host x.test
              deny cidr 10.0.0.1/8
            users:
              alice:
                token: t
                rules: ["allow", "deny port 99999"]
            """);

        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.LoadDirectory(_policies));

        Assert.Equal(3, e.Errors.Count);
        Assert.Contains(e.Errors, x => x.File == file && x.Line == 6 && x.Field == "rules" && x.Message.Contains("rule 'alow host x.test'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Line == 7 && x.Message.Contains("rule 'deny cidr 10.0.0.1/8'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Line == 11 && x.Field == "users.alice.rules" && x.Message.Contains("99999", StringComparison.Ordinal));
        Assert.Contains("fw.yaml:6: rules: rule 'alow host x.test'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_RulesLargerThanAPageCanCarry_IsRefused()
    {
        var rules = string.Concat(Enumerable.Repeat("    deny host some-long-host-name.example.test port 1-65535\n", 60));
        Write("fw.yaml", "name: fw\nimage: ../guest\ninstancePer: user\nusers: { alice: { token: t } }\nrules: |\n" + rules);

        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.LoadDirectory(_policies));

        Assert.Contains("4 KiB device page", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_InstancePerUserWithoutUsers_SaysUsersAreNeeded()
    {
        Write("fw.yaml", "name: fw\nimage: ../guest\ninstancePer: user\n");

        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.LoadDirectory(_policies));

        Assert.Contains("instancePer: 'user' needs users", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("users: { alice: { rules: [allow] } }", "users.alice.token: is required")]
    [InlineData("users: { alice: { token: 'a b' } }\nrules: [allow]", "users.alice.token: must be a non-empty string")]
    [InlineData("users: { 'al ice': { token: t } }\nrules: [allow]", "is not allowed as a user name")]
    [InlineData("users: { alice: { token: t, colour: red } }\nrules: [allow]", "users.alice.colour: unknown field; allowed: token, rules")]
    [InlineData("users: { alice: { token: t } }", "user 'alice' has no rules and the policy has no default rules")]
    [InlineData("users: [alice]", "users: must map each user name")]
    public void LoadDirectory_BadUsers_ReportsFieldAndWhy(string yaml, string expected)
    {
        Write("fw.yaml", "name: fw\nimage: ../guest\ninstancePer: user\n" + yaml + "\n");

        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.LoadDirectory(_policies));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("fw.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_UsersWithoutInstancePerUser_IsRefused()
    {
        Write("fw.yaml", "name: fw\nimage: ../guest\nusers: { alice: { token: t } }\nrules: [allow]\n");

        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.LoadDirectory(_policies));

        Assert.Contains("users: is only for instancePer: user", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_SameUserInTwoServices_IsRefused()
    {
        Write("a.yaml", "name: a\nimage: ../guest\ninstancePer: user\nusers: { alice: { token: t } }\nrules: [allow]\n");
        Write("b.yaml", "name: b\nimage: ../guest\ninstancePer: user\nusers: { alice: { token: u } }\nrules: [allow]\n");

        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.LoadDirectory(_policies));

        Assert.Contains("user 'alice' is a user of more than one service (a, b)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_TlsHosts_ResolvesFilesAndFindsByName()
    {
        Write("tls.yaml", """
            name: tls
            image: ../guest
            instancePer: host
            backend: 10.77.0.1:9000
            hosts:
              - { name: Shop.Example.Test, cert: ../certs/shop.crt, key: ../certs/shop.key }
            """);

        var set = PolicyLoader.LoadDirectory(_policies);
        var policy = Assert.Single(set.All);
        var host = Assert.Single(policy.Hosts);

        Assert.Equal("shop.example.test", host.Name);
        Assert.Equal("shop-example-test", host.Label);
        Assert.Equal(Path.Combine(_root, "certs", "shop.crt"), host.CertificatePath);
        Assert.Equal("10.77.0.1:9000", policy.Backend);
        Assert.True(set.TryFindTlsHost("SHOP.example.test.", out var found, out _));
        Assert.Same(policy, found);
        Assert.False(set.TryFindTlsHost("other.test", out _, out _));
        Assert.Equal("shop-example-test.tls", ServiceInstance.Key(policy, host.Label));
        Assert.True(ServiceInstance.TryResolve(set, "shop-example-test.tls", out _, out var label));
        Assert.Equal("shop-example-test", label);
    }

    [Theory]
    [InlineData("hosts: [ { name: a.test, cert: ../certs/none.crt, key: ../certs/a.key } ]", "hosts[a.test].cert: '../certs/none.crt' does not exist")]
    [InlineData("hosts: [ { name: a.test, cert: ../certs/a.crt } ]", "hosts[a.test].key: is required")]
    [InlineData("hosts: [ { name: 'bad name', cert: ../certs/a.crt, key: ../certs/a.key } ]", "is not a DNS host name")]
    [InlineData("hosts: [ { name: b.test, cert: ../certs/a.crt, key: ../certs/a.key } ]", "hosts[b.test]: ")]
    [InlineData("hosts: [ { name: a.test, cert: ../certs/a.crt, key: ../certs/shop.key } ]", "hosts[a.test]: ")]
    [InlineData("hosts: [ { name: a.test, cert: ../certs/a.crt, key: ../certs/a.key } ]\nbackend: nowhere", "backend: 'nowhere' is not allowed")]
    public void LoadDirectory_BadHosts_ReportsFieldAndWhy(string yaml, string expected)
    {
        Write("tls.yaml", "name: tls\nimage: ../guest\ninstancePer: host\n" + yaml + "\n");

        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.LoadDirectory(_policies));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_HostsWithoutInstancePerHost_IsRefused()
    {
        Write("tls.yaml", "name: tls\nimage: ../guest\nhosts: [ { name: a.test, cert: ../certs/a.crt, key: ../certs/a.key } ]\n");

        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.LoadDirectory(_policies));

        Assert.Contains("hosts: is only for instancePer: host", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryFindUser_KnownAndUnknown_FindsOnlyTheKnown()
    {
        Write("fw.yaml", "name: fw\nimage: ../guest\ninstancePer: user\nusers: { alice: { token: t } }\nrules: [allow]\n");
        var set = PolicyLoader.LoadDirectory(_policies);

        Assert.True(set.TryFindUser("ALICE", out var policy, out var user));
        Assert.Equal("fw", policy.Name);
        Assert.Equal("alice", user.Name);
        Assert.False(set.TryFindUser("mallory", out _, out _));
        Assert.Equal("alice", ServiceInstance.LabelOf(policy, "alice.fw"));
        Assert.Null(ServiceInstance.LabelOf(policy, "fw"));
    }

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_policies, name);
        File.WriteAllText(path, yaml);
        return path;
    }
}
