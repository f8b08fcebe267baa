using LightVm.Contracts;
using LightVm.Control.Consumers;
using LightVm.Hosting.Bus;
using MassTransit;

namespace LightVm.Control;

internal sealed class ControlBusComponent : IBusComponent
{
    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<GuestViewConsumer>();
        bus.AddRequestClient<CreateGuest>();
        bus.AddRequestClient<PauseGuest>();
        bus.AddRequestClient<ResumeGuest>();
        bus.AddRequestClient<DestroyGuest>();
        bus.AddRequestClient<ListGuests>();
        bus.AddRequestClient<GetPools>();
        bus.AddRequestClient<ResizePool>();
    }

    public void ConfigureEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator bus, BusOptions options) =>
        BusEndpoints.Instance(bus, $"lightvm-control-{options.InstanceId}", e => e.ConfigureConsumer<GuestViewConsumer>(context));
}
