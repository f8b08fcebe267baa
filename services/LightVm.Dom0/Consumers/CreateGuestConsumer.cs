using LightVm.Contracts;
using LightVm.Dom0.Operator;
using MassTransit;

namespace LightVm.Dom0.Consumers;

/// <summary>An operator's create: agents compete for it on the shared queue, like SpinUpGuest.</summary>
public sealed class CreateGuestConsumer(OperatorService operators) : IConsumer<CreateGuest>
{
    public async Task Consume(ConsumeContext<CreateGuest> context) =>
        await context.AnswerAsync(await operators.CreateNewAsync(context.Message, context.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
}
