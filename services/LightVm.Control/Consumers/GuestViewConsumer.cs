using LightVm.Contracts;
using LightVm.Control.Guests;
using LightVm.Hosting.Bus;
using MassTransit;

namespace LightVm.Control.Consumers;

/// <summary>Feeds the control API's read model from every guest event.</summary>
public sealed class GuestViewConsumer(GuestReadModel model) : GuestEventConsumer<GuestReadModel>(model), IConsumer<GuestActivity>
{
    public Task Consume(ConsumeContext<GuestActivity> context) => Applied(() => Sink.Apply(context.Message));
}
