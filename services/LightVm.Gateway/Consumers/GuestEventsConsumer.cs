using LightVm.Contracts;
using LightVm.Gateway.Routing;
using MassTransit;

namespace LightVm.Gateway.Consumers;

/// <summary>Feeds the route table from the agents' events.</summary>
public sealed class GuestEventsConsumer(ServiceRouteTable table) :
    IConsumer<GuestReady>,
    IConsumer<GuestStartFailed>,
    IConsumer<GuestPaused>,
    IConsumer<GuestResumed>,
    IConsumer<GuestDestroyed>,
    IConsumer<GuestFailed>
{
    public Task Consume(ConsumeContext<GuestReady> context) => Run(() => table.OnReady(context.Message));

    public Task Consume(ConsumeContext<GuestStartFailed> context) => Run(() => table.OnStartFailed(context.Message));

    public Task Consume(ConsumeContext<GuestPaused> context) => Run(() => table.OnPaused(context.Message));

    public Task Consume(ConsumeContext<GuestResumed> context) => Run(() => table.OnResumed(context.Message));

    public Task Consume(ConsumeContext<GuestDestroyed> context) =>
        Run(() => table.OnGone(context.Message.Service, context.Message.GuestId, "destroyed: " + context.Message.Reason));

    public Task Consume(ConsumeContext<GuestFailed> context) =>
        Run(() => table.OnGone(context.Message.Service, context.Message.GuestId, "failed: " + context.Message.Reason));

    private static Task Run(Action action)
    {
        action();
        return Task.CompletedTask;
    }
}
