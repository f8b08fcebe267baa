using System.Net;
using LightVm.Noxs;
using LightVm.Policies.Pages;
using LightVm.Policies.Tls;

namespace LightVm.Policies.Tests.Pages;

public sealed class DevicePageFactoryTests
{
    private const string DefaultService = "hello";

    [Fact]
    public void Create_GuestNicAndInstance_PageNamesThemWithTheStdoutConsoleAndTheServiceConfig()
    {
        var id = Guid.NewGuid();
        var nic = new NicDevice { Mac = [0x02, 1, 2, 3, 4, 5], Address = IPAddress.Parse("10.0.2.15"), PrefixLength = 24, Gateway = IPAddress.Parse("10.0.2.2") };

        var page = DevicePageFactory.Create(id, Make().Name, nic, Make());

        Assert.Equal(1UL, page.Generation);
        Assert.Equal(id, page.GuestId);
        Assert.Equal(DefaultService, page.Service);
        Assert.Equal(nic, page.Nic);
        Assert.Equal("stdout", page.Console!.Path);
        Assert.Equal("8080", page.Config["port"]);
        Assert.Equal(DefaultService, page.Config["service"]);
    }

    [Fact]
    public void Config_UserInstance_CarriesTheUserAndTheirRules()
    {
        var policy = Make() with
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
            var policy = Make() with
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
    public void Config_TlsHostWhoseKeyNoLongerMatches_TlsMaterialExceptionNamingTheHost()
    {
        var directory = Directory.CreateTempSubdirectory("page-factory-").FullName;
        try
        {
            using var ca = LightVm.Policies.Tls.LocalCertificateAuthority.OpenOrCreate(directory);
            var issued = ca.Issue("shop.example.test");
            var other = ca.Issue("other.example.test");
            var policy = Make() with
            {
                InstancePer = LightVm.Policies.InstancePer.Host,
                Hosts = [new LightVm.Policies.TlsHost { Name = "shop.example.test", CertificatePath = issued.CertificatePath, KeyPath = other.KeyPath }],
            };

            var e = Assert.Throws<TlsMaterialException>(() => DevicePageFactory.Config("shop-example-test." + policy.Name, policy));

            Assert.Contains("shop.example.test", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ServicePolicy Make() => new()
    {
        Name = DefaultService,
        Driver = "fake",
        Image = "/bin/true",
        Port = 8080,
        Pool = 0,
        PauseAfter = TimeSpan.FromSeconds(30),
        DestroyAfter = TimeSpan.FromMinutes(5),
        StartTimeout = TimeSpan.FromSeconds(10),
        MaxHeld = 100,
    };
}
