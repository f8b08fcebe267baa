namespace LightVm.Hosting.Bus;

public enum BusTransport
{
    /// <summary>MassTransit's in-memory transport: embedded mode, one process.</summary>
    InMemory,

    /// <summary>RabbitMQ: distributed mode, any number of processes and hosts.</summary>
    RabbitMq,
}
