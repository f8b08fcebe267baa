using LightVm.Contracts;
using LightVm.Dom0.Agent;
using MassTransit;

namespace LightVm.Dom0.Consumers;

public sealed class SpinUpGuestConsumer(SpinUpHandler spinUps) : IConsumer<SpinUpGuest>
{
    public Task Consume(ConsumeContext<SpinUpGuest> context) => spinUps.SpinUpAsync(context.Message, context.CancellationToken);
}
