using LightVm.Devd;
using LightVm.Devd.Network;
using LightVm.Toolstack.Drivers.Oci;
using LightVm.Toolstack.Drivers.Process;
using LightVm.Toolstack.Drivers.Qemu;
using LightVm.Toolstack.Drivers.Uml;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LightVm.Toolstack;

public static class DriverServiceCollectionExtensions
{
    /// <summary>
    /// The host's guest drivers: one <see cref="GuestNetwork"/> (bridge, leases, NIC plugging; section
    /// <c>LightVm:Network</c>), the process, oci, oci-start, uml and qemu drivers (sections <c>LightVm:Drivers:Process</c>,
    /// <c>:Oci</c>, <c>:Uml</c>, <c>:Qemu</c>) and the <see cref="GuestDriverCatalog"/> over them. Every option is
    /// validated when the host starts. Calling it again adds nothing.
    /// </summary>
    public static IServiceCollection AddLightVmDrivers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(DriversMarker)))
        {
            return services;
        }

        services.TryAddSingleton<DriversMarker>();
        services.TryAddSingleton(TimeProvider.System);
        AddValidatedOptions<GuestNetworkOptions>(services, GuestNetworkOptions.SectionName);
        AddValidatedOptions<ProcessDriverOptions>(services, ProcessDriverOptions.SectionName);
        AddValidatedOptions<OciDriverOptions>(services, OciDriverOptions.SectionName);
        AddValidatedOptions<UmlDriverOptions>(services, UmlDriverOptions.SectionName);
        AddValidatedOptions<QemuDriverOptions>(services, QemuDriverOptions.SectionName);

        // Devd: one NIC plugger, one tap plugger, one network owner for every driver (one bridge, one address pool).
        services.TryAddSingleton<INicPlugger, NetlinkNicPlugger>();
        services.TryAddSingleton<TapPlugger>();
        services.TryAddSingleton(sp => new GuestNetwork(
            Value<GuestNetworkOptions>(sp), sp.GetRequiredService<INicPlugger>(), sp.GetRequiredService<TapPlugger>()));

        services.TryAddSingleton(sp => new ProcessDriver(Value<ProcessDriverOptions>(sp), Network(sp), Time(sp), Logger<ProcessDriver>(sp)));
        services.TryAddSingleton(sp => new UmlDriver(Value<UmlDriverOptions>(sp), Network(sp), Time(sp), Logger<UmlDriver>(sp)));
        services.TryAddSingleton(sp => new QemuDriver(Value<QemuDriverOptions>(sp), Network(sp), Time(sp), Logger<QemuDriver>(sp)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuestDriver, ProcessDriver>(sp => sp.GetRequiredService<ProcessDriver>()));

        // The two runc forms (oci: pre-booted, oci-start: started at execute) share the options and the network.
        foreach (var preboot in new[] { true, false })
        {
            services.AddSingleton<IGuestDriver>(sp => new OciDriver(Value<OciDriverOptions>(sp), preboot, Network(sp), Time(sp), Logger<OciDriver>(sp)));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuestDriver, UmlDriver>(sp => sp.GetRequiredService<UmlDriver>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuestDriver, QemuDriver>(sp => sp.GetRequiredService<QemuDriver>()));
        services.TryAddSingleton(sp => new GuestDriverCatalog(sp.GetServices<IGuestDriver>()));
        return services;
    }

    /// <summary>Options bound from <paramref name="section"/> when the host has a configuration, validated (data annotations) at start.</summary>
    private static void AddValidatedOptions<TOptions>(IServiceCollection services, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>()
            .Configure<IServiceProvider>((options, sp) => sp.GetService<IConfiguration>()?.GetSection(section).Bind(options))
            .ValidateDataAnnotations()
            .ValidateOnStart();

    private static TOptions Value<TOptions>(IServiceProvider services)
        where TOptions : class => services.GetRequiredService<IOptions<TOptions>>().Value;

    private static GuestNetwork Network(IServiceProvider services) => services.GetRequiredService<GuestNetwork>();

    private static TimeProvider Time(IServiceProvider services) => services.GetRequiredService<TimeProvider>();

    private static ILogger<T> Logger<T>(IServiceProvider services) => services.GetRequiredService<ILogger<T>>();

    /// <summary>Says the drivers are registered, so that a second call adds nothing.</summary>
    private sealed class DriversMarker;
}
