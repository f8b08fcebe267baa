using LightVm.Contracts;
using LightVm.Control.Guests;
using MassTransit;

namespace LightVm.Control.Consumers;

/// <summary>Feeds the control API's read model from every guest event.</summary>
public sealed class GuestViewConsumer(GuestReadModel model) :
    IConsumer<GuestReady>,
    IConsumer<GuestStartFailed>,
    IConsumer<GuestPaused>,
    IConsumer<GuestResumed>,
    IConsumer<GuestDestroyed>,
    IConsumer<GuestFailed>,
    IConsumer<GuestActivity>
{
    public Task Consume(ConsumeContext<GuestReady> context) => Run(() => model.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestStartFailed> context) => Run(() => model.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestPaused> context) => Run(() => model.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestResumed> context) => Run(() => model.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestDestroyed> context) => Run(() => model.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestFailed> context) => Run(() => model.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestActivity> context) => Run(() => model.Apply(context.Message));

    private static Task Run(Action action)
    {
        action();
        return Task.CompletedTask;
    }
}
