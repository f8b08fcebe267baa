using LightVm.Dom0.Agent;
using LightVm.Dom0.Events;
using LightVm.Dom0.Guests;
using LightVm.Dom0.Operator;
using LightVm.Dom0.Reaper;
using LightVm.Hosting.Bus;
using LightVm.Toolstack;
using LightVm.Toolstack.Launching;
using LightVm.Toolstack.Pool;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LightVm.Dom0;

public static class Dom0ServiceCollectionExtensions
{
    /// <summary>
    /// The host agent: drivers (<see cref="DriverServiceCollectionExtensions.AddLightVmDrivers"/>), shell pool, guests,
    /// idle reaper and its bus consumers. <see cref="Dom0Options"/> come from the section <c>LightVm:Dom0</c>, then
    /// <paramref name="configure"/> (the command line's flags) over it.
    /// </summary>
    public static IServiceCollection AddLightVmDom0(this IServiceCollection services, Action<Dom0Options>? configure = null)
    {
        var options = services.AddOptions<Dom0Options>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(Dom0Options.SectionName).Bind(o));
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddLightVmDrivers();
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
        services.AddBusComponent(new Dom0BusComponent());
        return services;
    }
}
