using LightVm.Gateway.Consumers;
using LightVm.Hosting.Bus;
using MassTransit;

namespace LightVm.Gateway;

/// <summary>Each gateway has its own queue so that every gateway sees every guest event.</summary>
internal sealed class GatewayBusComponent : IBusComponent
{
    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<GuestEventsConsumer>();

    public void ConfigureEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator bus, BusOptions options) =>
        BusEndpoints.Instance(bus, $"lightvm-gateway-{options.InstanceId}", e => e.ConfigureConsumer<GuestEventsConsumer>(context));
}
