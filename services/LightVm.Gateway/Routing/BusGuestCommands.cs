using LightVm.Contracts;
using MassTransit;

namespace LightVm.Gateway.Routing;

internal sealed class BusGuestCommands(IBus bus, TimeProvider time) : IGuestCommands
{
    public Task SpinUpAsync(string service, Guid requestId, CancellationToken cancellationToken) =>
        bus.Publish(new SpinUpGuest { RequestId = requestId, Service = service, RequestedAt = time.GetUtcNow() }, cancellationToken);

    public Task ResumeAsync(string service, Guid guestId, CancellationToken cancellationToken) =>
        bus.Publish(new ResumeGuest { GuestId = guestId, Service = service, RequestedAt = time.GetUtcNow() }, cancellationToken);
}
