using LightVm.Control.Consumers;
using LightVm.Hosting.Bus;
using MassTransit;

namespace LightVm.Control;

internal sealed class ControlBusComponent : IBusComponent
{
    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<GuestViewConsumer>();

    public void ConfigureEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator bus, BusOptions options) =>
        BusEndpoints.Instance(bus, $"lightvm-control-{options.InstanceId}", e => e.ConfigureConsumer<GuestViewConsumer>(context));
}
