using LightVm.Contracts;
using LightVm.Dom0.Agent;
using MassTransit;

namespace LightVm.Dom0.Consumers;

public sealed class ResumeGuestConsumer(GuestAgent agent) : IConsumer<ResumeGuest>
{
    public Task Consume(ConsumeContext<ResumeGuest> context) => agent.ResumeAsync(context.Message, context.CancellationToken);
}
