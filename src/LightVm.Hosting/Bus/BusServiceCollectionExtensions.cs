using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LightVm.Hosting.Bus;

public static class BusServiceCollectionExtensions
{
    /// <summary>Registers a component's bus share; <see cref="AddLightVmBus"/> wires all of them into one bus.</summary>
    public static IServiceCollection AddBusComponent(this IServiceCollection services, IBusComponent component) =>
        services.AddSingleton(component);

    /// <summary>
    /// One MassTransit bus for the process: in-memory in embedded mode, RabbitMQ in distributed mode, with
    /// every registered <see cref="IBusComponent"/>. Call after the components were added.
    /// </summary>
    public static IServiceCollection AddLightVmBus(this IServiceCollection services, BusOptions options)
    {
        var components = services
            .Where(d => d.ServiceType == typeof(IBusComponent) && d.ImplementationInstance is IBusComponent)
            .Select(d => (IBusComponent)d.ImplementationInstance!)
            .ToList();
        services.AddSingleton(options);
        services.AddMassTransit(bus =>
        {
            foreach (var component in components)
            {
                component.AddConsumers(bus);
            }

            if (options.Transport == BusTransport.RabbitMq)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(options.RabbitMq!);
                    foreach (var component in components)
                    {
                        component.ConfigureEndpoints(context, cfg, options);
                    }
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    foreach (var component in components)
                    {
                        component.ConfigureEndpoints(context, cfg, options);
                    }
                });
            }
        });
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return services;
    }
}
