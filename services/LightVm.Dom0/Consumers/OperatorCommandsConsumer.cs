using LightVm.Contracts;
using LightVm.Dom0.Agent;
using MassTransit;

namespace LightVm.Dom0.Consumers;

/// <summary>
/// The operator's requests to the agent hosting a guest (every agent sees them; only the owner answers, so a
/// guest that no agent hosts times out at the caller).
/// </summary>
public sealed class OperatorCommandsConsumer(GuestAgent agent) :
    IConsumer<PauseGuest>,
    IConsumer<DestroyGuest>,
    IConsumer<ListGuests>,
    IConsumer<GetPools>
{
    public async Task Consume(ConsumeContext<PauseGuest> context) =>
        await RespondAsync(context, await agent.PauseNowAsync(context.Message.GuestId, context.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    public async Task Consume(ConsumeContext<DestroyGuest> context) =>
        await RespondAsync(context, await agent.DestroyNowAsync(context.Message.GuestId, context.Message.Reason, context.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    public Task Consume(ConsumeContext<ListGuests> context) => context.RespondAsync(agent.ListGuests());

    public Task Consume(ConsumeContext<GetPools> context) => context.RespondAsync(agent.Pools(context.Message));

    private static Task RespondAsync(ConsumeContext context, object? answer) =>
        answer is null || context.RequestId is null ? Task.CompletedTask : context.RespondAsync(answer);
}
