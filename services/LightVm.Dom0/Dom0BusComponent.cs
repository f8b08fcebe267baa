using LightVm.Dom0.Consumers;
using LightVm.Hosting.Bus;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LightVm.Dom0;

/// <summary>
/// Dom0's queues: <c>lightvm-dom0</c> is shared by every agent (SpinUpGuest: agents compete, the free one
/// takes it); <c>lightvm-dom0-{agent}</c> is this agent's own (<see cref="Dom0Options.AgentId"/>) and receives every
/// ResumeGuest and activity batch.
/// </summary>
internal sealed class Dom0BusComponent : IBusComponent
{
    public const string SharedQueue = "lightvm-dom0";

    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<SpinUpGuestConsumer>();
        bus.AddConsumer<ResumeGuestConsumer>();
        bus.AddConsumer<GuestActivityConsumer>();
        bus.AddConsumer<CreateGuestConsumer>();
        bus.AddConsumer<OperatorCommandsConsumer>();
    }

    public void ConfigureEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator bus, BusOptions options)
    {
        var agentId = context.GetRequiredService<IOptions<Dom0Options>>().Value.AgentId;
        BusEndpoints.Shared(bus, SharedQueue, e =>
        {
            e.PrefetchCount = 64;
            e.ConcurrentMessageLimit = 32;
            e.ConfigureConsumer<SpinUpGuestConsumer>(context);
            e.ConfigureConsumer<CreateGuestConsumer>(context);
        });
        BusEndpoints.Instance(bus, $"{SharedQueue}-{agentId}", e =>
        {
            e.ConfigureConsumer<ResumeGuestConsumer>(context);
            e.ConfigureConsumer<GuestActivityConsumer>(context);
            e.ConfigureConsumer<OperatorCommandsConsumer>(context);
        });
    }
}
