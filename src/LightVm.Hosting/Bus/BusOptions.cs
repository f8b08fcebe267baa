namespace LightVm.Hosting.Bus;

public sealed class BusOptions
{
    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    /// <summary>amqp://user:password@host:port/vhost, for <see cref="BusTransport.RabbitMq"/>.</summary>
    public Uri? RabbitMq { get; set; }

    /// <summary>Names this process's own (temporary) queues; unique per process.</summary>
    public string InstanceId { get; set; } = $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    public static BusOptions ForRabbitMq(string? uri) =>
        string.IsNullOrWhiteSpace(uri)
            ? new BusOptions()
            : Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "amqp" or "amqps"
                ? new BusOptions { Transport = BusTransport.RabbitMq, RabbitMq = parsed }
                : throw new ArgumentException($"--rabbitmq '{uri}' is not an amqp:// or amqps:// URI (e.g. amqp://guest:guest@127.0.0.1:5672/).");
}
