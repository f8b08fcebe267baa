using LightVm.Contracts;
using LightVm.Dom0.Guests;
using MassTransit;

namespace LightVm.Dom0.Consumers;

public sealed class GuestActivityConsumer(GuestRegistry registry) : IConsumer<GuestActivity>
{
    public Task Consume(ConsumeContext<GuestActivity> context)
    {
        registry.RecordActivity(context.Message);
        return Task.CompletedTask;
    }
}
