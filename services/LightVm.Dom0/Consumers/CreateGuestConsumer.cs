using LightVm.Contracts;
using LightVm.Dom0.Agent;
using MassTransit;

namespace LightVm.Dom0.Consumers;

/// <summary>An operator's create: agents compete for it on the shared queue, like SpinUpGuest.</summary>
public sealed class CreateGuestConsumer(GuestAgent agent) : IConsumer<CreateGuest>
{
    public async Task Consume(ConsumeContext<CreateGuest> context)
    {
        var answer = await agent.CreateNewAsync(context.Message, context.CancellationToken).ConfigureAwait(false);
        if (context.RequestId is not null)
        {
            await context.RespondAsync(answer).ConfigureAwait(false);
        }
    }
}
