using LightVm.Devd.Network;
using LightVm.Toolstack.Drivers.Oci;
using LightVm.Toolstack.Drivers.Process;
using LightVm.Toolstack.Drivers.Qemu;
using LightVm.Toolstack.Drivers.Uml;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LightVm.Toolstack.Tests;

public sealed class DriverServiceCollectionExtensionsTests
{
    [Fact]
    public void AddLightVmDrivers_NoConfiguration_CatalogHasEveryDriverOverOneNetwork()
    {
        using var provider = Build();

        var catalog = provider.GetRequiredService<GuestDriverCatalog>();

        Assert.Equal(["oci", "oci-start", "process", "qemu", "uml"], catalog.Names.Order(StringComparer.Ordinal));
        Assert.Same(provider.GetRequiredService<GuestNetwork>(), provider.GetRequiredService<GuestNetwork>());
        Assert.Same(provider.GetRequiredService<QemuDriver>(), catalog.Get("qemu"));
        Assert.Equal(GuestNetworkOptions.DefaultBridge, provider.GetRequiredService<GuestNetwork>().Bridge);
    }

    [Fact]
    public void AddLightVmDrivers_CalledTwice_RegistersEachDriverOnce()
    {
        using var provider = Build(services => services.AddLightVmDrivers());

        Assert.Equal(5, provider.GetServices<IGuestDriver>().Count());
    }

    [Fact]
    public void AddLightVmDrivers_Configuration_BindsEachSection()
    {
        using var provider = Build(configuration: new Dictionary<string, string?>
        {
            ["LightVm:Network:Bridge"] = "lvcfg0",
            ["LightVm:Network:Subnet"] = "10.98.0.0/24",
            ["LightVm:Drivers:Process:StateDirectory"] = "/tmp/lightvm-cfg-process",
            ["LightVm:Drivers:Oci:Runc"] = "/opt/runc",
            ["LightVm:Drivers:Uml:MemoryMiB"] = "96",
            ["LightVm:Drivers:Qemu:Network"] = "user",
            ["LightVm:Drivers:Qemu:QmpTimeout"] = "00:00:07",
        });

        var network = provider.GetRequiredService<GuestNetwork>();
        Assert.Equal("lvcfg0", network.Bridge);
        Assert.Equal("10.98.0.0/24", network.Addresses.Subnet);
        Assert.Equal("/tmp/lightvm-cfg-process", Options<ProcessDriverOptions>(provider).StateDirectory);
        Assert.Equal("/opt/runc", Options<OciDriverOptions>(provider).Runc);
        Assert.Equal(96, Options<UmlDriverOptions>(provider).MemoryMiB);
        Assert.Equal("user", Options<QemuDriverOptions>(provider).Network);
        Assert.Equal(TimeSpan.FromSeconds(7), Options<QemuDriverOptions>(provider).QmpTimeout);
    }

    [Fact]
    public void AddLightVmDrivers_PostConfigure_WinsOverConfiguration()
    {
        using var provider = Build(
            services => services.PostConfigure<ProcessDriverOptions>(o => o.StateDirectory = "/tmp/from-the-flag"),
            new Dictionary<string, string?> { ["LightVm:Drivers:Process:StateDirectory"] = "/tmp/from-config" });

        Assert.Equal("/tmp/from-the-flag", Options<ProcessDriverOptions>(provider).StateDirectory);
    }

    [Theory]
    [InlineData("LightVm:Network:Subnet", "10.77.0.0")]
    [InlineData("LightVm:Network:Bridge", "a-bridge-name-too-long")]
    [InlineData("LightVm:Drivers:Qemu:Accelerator", "hvf")]
    [InlineData("LightVm:Drivers:Qemu:MemoryMiB", "8")]
    [InlineData("LightVm:Drivers:Uml:MemoryMiB", "0")]
    [InlineData("LightVm:Drivers:Process:PrepareNice", "40")]
    [InlineData("LightVm:Drivers:Oci:CommandTimeout", "00:00:00")]
    public void AddLightVmDrivers_InvalidSetting_HostFailsToStart(string key, string value)
    {
        using var provider = Build(configuration: new Dictionary<string, string?> { [key] = value });
        var validator = provider.GetRequiredService<IStartupValidator>();

        var error = Assert.ThrowsAny<OptionsValidationException>(validator.Validate);

        Assert.NotEmpty(error.Failures);
    }

    private static T Options<T>(IServiceProvider provider)
        where T : class => provider.GetRequiredService<IOptions<T>>().Value;

    private static ServiceProvider Build(Action<IServiceCollection>? more = null, Dictionary<string, string?>? configuration = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? []).Build());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddLightVmDrivers();
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
