using LightVm.Dom0.Agent;
using LightVm.Dom0.Events;
using LightVm.Dom0.Guests;
using LightVm.Dom0.Operator;
using LightVm.Dom0.Reaper;
using LightVm.Devd;
using LightVm.Hosting.Bus;
using LightVm.Toolstack;
using LightVm.Toolstack.Drivers.Oci;
using LightVm.Toolstack.Drivers.Process;
using LightVm.Toolstack.Drivers.Qemu;
using LightVm.Toolstack.Drivers.Uml;
using LightVm.Toolstack.Launching;
using LightVm.Toolstack.Network;
using LightVm.Toolstack.Pool;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LightVm.Dom0;

public static class Dom0ServiceCollectionExtensions
{
    /// <summary>The host agent: drivers, shell pool, guests, idle reaper and its bus consumers.</summary>
    public static IServiceCollection AddLightVmDom0(this IServiceCollection services, Action<Dom0Options>? configure = null)
    {
        var options = new Dom0Options();
        configure?.Invoke(options);
        services.AddOptions<Dom0Options>()
            .Configure(o =>
            {
                o.AgentId = options.AgentId;
                o.ReaperInterval = options.ReaperInterval;
                o.PoolConcurrency = options.PoolConcurrency;
                o.ColdConcurrency = options.ColdConcurrency;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ProcessDriverOptions>();
        services.AddOptions<OciDriverOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuestDriver, ProcessDriver>());

        // The runc drivers share one NIC plugger (Devd) and one address pool: both forms plug into the same bridge.
        services.TryAddSingleton<INicPlugger, NetlinkNicPlugger>();
        services.TryAddSingleton(sp => OciDriver.AddressPoolFor(sp.GetRequiredService<IOptions<OciDriverOptions>>().Value));
        foreach (var preboot in new[] { true, false })
        {
            services.AddSingleton<IGuestDriver>(sp => new OciDriver(
                sp.GetRequiredService<IOptions<OciDriverOptions>>().Value,
                preboot,
                sp.GetRequiredService<INicPlugger>(),
                sp.GetRequiredService<SubnetAddressPool>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<OciDriver>>()));
        }

        // uml: VMs as host processes (user-mode Linux); taps from Devd on the same bridge and address pool.
        services.AddOptions<UmlDriverOptions>();
        services.TryAddSingleton<TapPlugger>();
        services.AddSingleton<IGuestDriver>(sp => new UmlDriver(
            sp.GetRequiredService<IOptions<UmlDriverOptions>>().Value,
            sp.GetRequiredService<INicPlugger>(),
            sp.GetRequiredService<TapPlugger>(),
            sp.GetRequiredService<SubnetAddressPool>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<UmlDriver>>()));

        // The qemu driver plugs its taps (Devd) into the same bridge and takes addresses from the same pool.
        services.AddOptions<QemuDriverOptions>();
        services.AddSingleton<IGuestDriver>(sp => new QemuDriver(
            sp.GetRequiredService<IOptions<QemuDriverOptions>>().Value, sp.GetRequiredService<INicPlugger>(), sp.GetRequiredService<TapPlugger>(),
            sp.GetRequiredService<SubnetAddressPool>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<QemuDriver>>()));

        services.TryAddSingleton(sp => new GuestDriverCatalog(sp.GetServices<IGuestDriver>()));
        services.TryAddSingleton(sp => new ShellPool(
            sp.GetRequiredService<GuestDriverCatalog>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ShellPool>>(),
            sp.GetRequiredService<IOptions<Dom0Options>>().Value.PoolConcurrency,
            sp.GetRequiredService<IOptions<Dom0Options>>().Value.ColdConcurrency));
        services.TryAddSingleton<GuestRegistry>();
        services.TryAddSingleton<IGuestEventPublisher, BusGuestEventPublisher>();
        services.TryAddSingleton(sp => new GuestLauncher(
            sp.GetRequiredService<GuestDriverCatalog>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ShellPool>()));
        services.TryAddSingleton<GuestDestroyer>();
        services.TryAddSingleton<CrashWatcher>();
        services.TryAddSingleton<GuestStarter>();
        services.TryAddSingleton<SpinUpHandler>();
        services.TryAddSingleton<ResumeHandler>();
        services.TryAddSingleton<OperatorService>();
        services.TryAddSingleton<PoolService>();
        services.TryAddSingleton<IdleReaper>();
        services.AddHostedService<AgentLifetime>();
        services.AddHostedService<IdleReaperService>();
        services.AddBusComponent(new Dom0BusComponent(options.AgentId));
        return services;
    }
}
