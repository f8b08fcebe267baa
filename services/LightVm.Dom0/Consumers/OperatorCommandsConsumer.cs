using LightVm.Contracts;
using LightVm.Dom0.Operator;
using MassTransit;

namespace LightVm.Dom0.Consumers;

/// <summary>
/// The operator's requests to the agent hosting a guest (every agent sees them; only the owner answers, so a
/// guest that no agent hosts times out at the caller), and to every agent's pools.
/// </summary>
public sealed class OperatorCommandsConsumer(OperatorService operators, PoolService pools) :
    IConsumer<PauseGuest>,
    IConsumer<DestroyGuest>,
    IConsumer<ListGuests>,
    IConsumer<GetPools>,
    IConsumer<ResizePool>
{
    public async Task Consume(ConsumeContext<PauseGuest> context) =>
        await context.AnswerAsync(await operators.PauseNowAsync(context.Message.GuestId, context.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    public async Task Consume(ConsumeContext<DestroyGuest> context) =>
        await context.AnswerAsync(await operators.DestroyNowAsync(context.Message.GuestId, context.Message.Reason, context.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    public Task Consume(ConsumeContext<ListGuests> context) => context.RespondAsync(operators.ListGuests());

    public Task Consume(ConsumeContext<GetPools> context) => context.RespondAsync(pools.Report());

    public Task Consume(ConsumeContext<ResizePool> context) => context.RespondAsync(pools.Resize(context.Message));
}
