using MassTransit;

namespace LightVm.Hosting.Bus;

/// <summary>Endpoint helpers shared by components.</summary>
public static class BusEndpoints
{
    /// <summary>
    /// A queue that belongs to this process only (events fan out to one such queue per process). On RabbitMQ
    /// it is non-durable and deleted when the process goes.
    /// </summary>
    public static void Instance(IBusFactoryConfigurator bus, string name, Action<IReceiveEndpointConfigurator> configure)
    {
        bus.ReceiveEndpoint(name, endpoint =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.AutoDelete = true;
                rabbit.Durable = false;
            }

            configure(endpoint);
        });
    }

    /// <summary>A durable queue that every process of a kind competes on (commands).</summary>
    public static void Shared(IBusFactoryConfigurator bus, string name, Action<IReceiveEndpointConfigurator> configure) =>
        bus.ReceiveEndpoint(name, configure);
}
