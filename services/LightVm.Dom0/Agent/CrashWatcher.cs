using LightVm.Contracts;
using LightVm.Dom0.Events;
using LightVm.Toolstack.Lifecycle;
using Microsoft.Extensions.Logging;

namespace LightVm.Dom0.Agent;

/// <summary>Sees a guest die on its own: marks it Failed, frees it, and publishes GuestFailed.</summary>
public sealed partial class CrashWatcher(
    GuestDestroyer destroyer,
    IGuestEventPublisher events,
    TimeProvider time,
    ILogger<CrashWatcher> logger)
{
    /// <summary>Starts watching the guest's shell; returns at once.</summary>
    public void Watch(Guest guest) => _ = WatchAsync(guest);

    private async Task WatchAsync(Guest guest)
    {
        var how = await guest.Shell.Exited.ConfigureAwait(false);
        if (guest.State is GuestState.Destroyed or GuestState.Executing or GuestState.Prepared)
        {
            return; // Destroyed by us, or still starting (the spin-up path reports that failure).
        }

        var reason = $"guest process ended: {how}";
        if (!await guest.TryMarkFailedAsync(reason).ConfigureAwait(false))
        {
            return;
        }

        LogCrashed(guest.Service, guest.Id, reason);
        await destroyer.DestroyAsync(guest, reason, publish: false, CancellationToken.None).ConfigureAwait(false);
        await events.PublishAsync(
            new GuestFailed { GuestId = guest.Id, Service = guest.Service, Reason = reason, FailedAt = time.GetUtcNow() },
            CancellationToken.None).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Guest {GuestId} of {Service} failed: {Reason}")]
    private partial void LogCrashed(string service, Guid guestId, string reason);
}
