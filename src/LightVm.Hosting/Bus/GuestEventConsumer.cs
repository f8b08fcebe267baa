using LightVm.Contracts;
using MassTransit;

namespace LightVm.Hosting.Bus;

/// <summary>Feeds a view of guests (<typeparamref name="TSink"/>) from the agents' guest lifecycle events.</summary>
public abstract class GuestEventConsumer<TSink>(TSink sink) :
    IConsumer<GuestReady>,
    IConsumer<GuestStartFailed>,
    IConsumer<GuestPaused>,
    IConsumer<GuestResumed>,
    IConsumer<GuestDestroyed>,
    IConsumer<GuestFailed>
    where TSink : IGuestEventSink
{
    protected TSink Sink => sink;

    public Task Consume(ConsumeContext<GuestReady> context) => Applied(() => sink.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestStartFailed> context) => Applied(() => sink.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestPaused> context) => Applied(() => sink.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestResumed> context) => Applied(() => sink.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestDestroyed> context) => Applied(() => sink.Apply(context.Message));

    public Task Consume(ConsumeContext<GuestFailed> context) => Applied(() => sink.Apply(context.Message));

    /// <summary>Runs <paramref name="apply"/> (a view applies an event synchronously) as a consumer's task.</summary>
    protected static Task Applied(Action apply)
    {
        apply();
        return Task.CompletedTask;
    }
}
