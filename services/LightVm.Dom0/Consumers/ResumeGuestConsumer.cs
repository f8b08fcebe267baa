using LightVm.Contracts;
using LightVm.Dom0.Agent;
using MassTransit;

namespace LightVm.Dom0.Consumers;

/// <summary>Wakes a paused guest; answers the operator when the command came as a request.</summary>
public sealed class ResumeGuestConsumer(GuestAgent agent) : IConsumer<ResumeGuest>
{
    public async Task Consume(ConsumeContext<ResumeGuest> context)
    {
        var answer = await agent.ResumeAsync(context.Message, context.CancellationToken).ConfigureAwait(false);
        if (answer is not null && context.RequestId is not null)
        {
            await context.RespondAsync(answer).ConfigureAwait(false);
        }
    }
}
