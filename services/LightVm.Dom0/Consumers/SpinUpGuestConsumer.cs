using LightVm.Contracts;
using LightVm.Dom0.Agent;
using MassTransit;

namespace LightVm.Dom0.Consumers;

public sealed class SpinUpGuestConsumer(GuestAgent agent) : IConsumer<SpinUpGuest>
{
    public Task Consume(ConsumeContext<SpinUpGuest> context) => agent.SpinUpAsync(context.Message, context.CancellationToken);
}
