using MassTransit;

namespace LightVm.Dom0.Events;

internal sealed class BusGuestEventPublisher(IBus bus) : IGuestEventPublisher
{
    public Task PublishAsync<T>(T message, CancellationToken cancellationToken)
        where T : class => bus.Publish(message, cancellationToken);
}
