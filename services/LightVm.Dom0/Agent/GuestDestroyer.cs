using LightVm.Dom0.Events;
using LightVm.Dom0.Guests;
using LightVm.Toolstack.Lifecycle;
using Microsoft.Extensions.Logging;

namespace LightVm.Dom0.Agent;

/// <summary>Destroys a guest (idle, crashed, operator or shutdown), forgets it, and publishes GuestDestroyed when asked.</summary>
public sealed partial class GuestDestroyer(
    GuestRegistry registry,
    IGuestEventPublisher events,
    TimeProvider time,
    ILogger<GuestDestroyer> logger)
{
    public async Task DestroyAsync(Guest guest, string reason, bool publish, CancellationToken cancellationToken)
    {
        try
        {
            await guest.DestroyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (GuestStateException)
        {
            return; // Someone else destroyed it first.
        }

        Forget(guest, reason);
        if (publish)
        {
            await events.PublishDestroyedAsync(guest.Id, guest.Service, reason, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes a guest destroyed already (a launch that failed) from the registry, remembering why; nothing when it is gone already.</summary>
    public void Forget(Guest guest, string reason)
    {
        if (registry.Remove(guest, reason))
        {
            LogDestroyed(guest.Service, guest.Id, reason);
        }
    }

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Guest {GuestId} of {Service} destroyed: {Reason}")]
    private partial void LogDestroyed(string service, Guid guestId, string reason);
}
