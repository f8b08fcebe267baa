using System.Net;
using LightVm.Dom0.Agent;
using LightVm.Noxs;
using LightVm.Testing;
using LightVm.Toolstack;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Dom0.Tests.Agent;

public sealed class DevicePageFactoryTests
{
    private static readonly ShellSpec Spec = new() { Service = TestPolicies.DefaultService, Driver = TestPolicies.FakeDriver, Image = "/bin/true", Port = 8080 };

    [Fact]
    public void Create_ShellOnItsEndpoint_NicIsTheEndpointAddressSlash8WithoutGateway()
    {
        var shell = new FakeShell(Spec, DateTimeOffset.UnixEpoch);

        var page = DevicePageFactory.Create(new Guest(shell, new FakeGuestDriver(), DateTimeOffset.UnixEpoch), TestPolicies.Make());

        Assert.Equal(shell.Endpoint.Address, page.Nic!.Address);
        Assert.Equal(8, page.Nic.PrefixLength);
        Assert.Null(page.Nic.Gateway);
    }

    [Fact]
    public void Create_ShellBehindAForward_NicIsTheAddressAndGatewayTheShellGivesItsGuest()
    {
        var shell = new ForwardedShell(Spec);

        var page = DevicePageFactory.Create(new Guest(shell, new FakeGuestDriver(), DateTimeOffset.UnixEpoch), TestPolicies.Make());

        Assert.Equal(IPAddress.Parse("10.0.2.15"), page.Nic!.Address);
        Assert.Equal(24, page.Nic.PrefixLength);
        Assert.Equal(IPAddress.Parse("10.0.2.2"), page.Nic.Gateway);
    }

    [Fact]
    public void Config_UserInstance_CarriesTheUserAndTheirRules()
    {
        var policy = TestPolicies.Make() with
        {
            InstancePer = LightVm.Policies.InstancePer.User,
            Users =
            [
                new LightVm.Policies.ProxyUser { Name = "alice", Token = "t", Rules = new LightVm.Policies.PolicyRules("allow port 443\ndeny", [1, 2]) },
                new LightVm.Policies.ProxyUser { Name = "bob", Token = "u", Rules = new LightVm.Policies.PolicyRules("allow", [3]) },
            ],
        };

        var config = DevicePageFactory.Config("alice." + policy.Name, policy);

        Assert.Equal("alice", config[PageKeys.User]);
        Assert.Equal("allow port 443\ndeny", config[PageKeys.Rules]);
        Assert.Equal("8080", config[PageKeys.Port]);
        Assert.False(config.ContainsKey(PageKeys.Hostname));
    }

    [Fact]
    public void Config_TlsHostInstance_CarriesHostNameCertificateKeyAndBackendFromTheFiles()
    {
        var directory = Directory.CreateTempSubdirectory("page-factory-").FullName;
        try
        {
            using var ca = LightVm.Policies.Tls.LocalCertificateAuthority.OpenOrCreate(directory);
            var issued = ca.Issue("shop.example.test");
            var policy = TestPolicies.Make() with
            {
                InstancePer = LightVm.Policies.InstancePer.Host,
                Backend = "10.77.0.1:9000",
                Hosts = [new LightVm.Policies.TlsHost { Name = "shop.example.test", CertificatePath = issued.CertificatePath, KeyPath = issued.KeyPath }],
            };

            var config = DevicePageFactory.Config("shop-example-test." + policy.Name, policy);
            var page = LightVm.Noxs.DevicePageReader.Read(LightVm.Noxs.DevicePageWriter.Serialize(new LightVm.Noxs.DevicePage
            {
                Generation = 1,
                GuestId = Guid.NewGuid(),
                Service = policy.Name,
                Config = config,
            }));

            Assert.Equal("shop.example.test", page.Config[PageKeys.Hostname]);
            Assert.Equal(LightVm.Policies.Tls.TlsMaterial.PageValue(File.ReadAllText(issued.CertificatePath)), page.Config[PageKeys.Certificate]);
            Assert.Equal(LightVm.Policies.Tls.TlsMaterial.PageValue(File.ReadAllText(issued.KeyPath)), page.Config[PageKeys.Key]);
            Assert.Equal("10.77.0.1:9000", page.Config[PageKeys.Backend]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Config_TlsHostWhoseKeyNoLongerMatches_GuestStartExceptionNamingTheHost()
    {
        var directory = Directory.CreateTempSubdirectory("page-factory-").FullName;
        try
        {
            using var ca = LightVm.Policies.Tls.LocalCertificateAuthority.OpenOrCreate(directory);
            var issued = ca.Issue("shop.example.test");
            var other = ca.Issue("other.example.test");
            var policy = TestPolicies.Make() with
            {
                InstancePer = LightVm.Policies.InstancePer.Host,
                Hosts = [new LightVm.Policies.TlsHost { Name = "shop.example.test", CertificatePath = issued.CertificatePath, KeyPath = other.KeyPath }],
            };

            var e = Assert.Throws<GuestStartException>(() => DevicePageFactory.Config("shop-example-test." + policy.Name, policy));

            Assert.Contains("shop.example.test", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A guest reached through a forward on a loopback address, as QEMU user-mode networking makes them.</summary>
    private sealed class ForwardedShell(ShellSpec spec) : Shell(Guid.NewGuid(), spec, new IPEndPoint(IPAddress.Parse("127.77.0.9"), 8080), DateTimeOffset.UnixEpoch)
    {
        public override IPAddress GuestAddress => IPAddress.Parse("10.0.2.15");

        public override byte GuestPrefixLength => 24;

        public override IPAddress? GuestGateway => IPAddress.Parse("10.0.2.2");

        public override Task<string> Exited => new TaskCompletionSource<string>().Task;

        public override string ConsoleTail(int lines = 10) => string.Empty;
    }
}
