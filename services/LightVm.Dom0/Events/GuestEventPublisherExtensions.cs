using LightVm.Contracts;

namespace LightVm.Dom0.Events;

/// <summary>The events more than one part of the agent publishes.</summary>
internal static class GuestEventPublisherExtensions
{
    public static Task PublishStartFailedAsync(this IGuestEventPublisher events, SpinUpGuest command, Guid? guestId, string reason) =>
        events.PublishAsync(
            new GuestStartFailed { RequestId = command.RequestId, Service = command.Service, GuestId = guestId, Reason = reason },
            CancellationToken.None);

    public static Task PublishDestroyedAsync(this IGuestEventPublisher events, Guid guestId, string service, string reason, TimeProvider time, CancellationToken cancellationToken) =>
        events.PublishAsync(
            new GuestDestroyed { GuestId = guestId, Service = service, Reason = reason, DestroyedAt = time.GetUtcNow() },
            cancellationToken);
}
