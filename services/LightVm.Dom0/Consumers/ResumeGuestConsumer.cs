using LightVm.Contracts;
using LightVm.Dom0.Agent;
using MassTransit;

namespace LightVm.Dom0.Consumers;

/// <summary>Wakes a paused guest; answers the operator when the command came as a request.</summary>
public sealed class ResumeGuestConsumer(ResumeHandler resumes) : IConsumer<ResumeGuest>
{
    public async Task Consume(ConsumeContext<ResumeGuest> context) =>
        await context.AnswerAsync(await resumes.ResumeAsync(context.Message, context.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
}
