using LightVm.Contracts;
using LightVm.Dom0.Agent;
using MassTransit;

namespace LightVm.Dom0.Consumers;

public sealed class GuestActivityConsumer(GuestAgent agent) : IConsumer<GuestActivity>
{
    public Task Consume(ConsumeContext<GuestActivity> context)
    {
        agent.RecordActivity(context.Message);
        return Task.CompletedTask;
    }
}
