using LightVm.Contracts;
using LightVm.Gateway.Routing;
using MassTransit;

namespace LightVm.Gateway.Consumers;

/// <summary>Feeds the routes from the agents' events.</summary>
public sealed class GuestEventsConsumer(RouteEvents routes) :
    IConsumer<GuestReady>,
    IConsumer<GuestStartFailed>,
    IConsumer<GuestPaused>,
    IConsumer<GuestResumed>,
    IConsumer<GuestDestroyed>,
    IConsumer<GuestFailed>
{
    public Task Consume(ConsumeContext<GuestReady> context) => Run(() => routes.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestStartFailed> context) => Run(() => routes.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestPaused> context) => Run(() => routes.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestResumed> context) => Run(() => routes.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestDestroyed> context) => Run(() => routes.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestFailed> context) => Run(() => routes.Apply(context.Message));

    private static Task Run(Action action)
    {
        action();
        return Task.CompletedTask;
    }
}
