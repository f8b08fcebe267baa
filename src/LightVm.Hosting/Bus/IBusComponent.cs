using MassTransit;

namespace LightVm.Hosting.Bus;

/// <summary>A component's share of the one bus of a process: its consumers and its receive endpoints.</summary>
public interface IBusComponent
{
    void AddConsumers(IBusRegistrationConfigurator bus);

    void ConfigureEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator bus, BusOptions options);
}
