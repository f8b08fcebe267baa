using LightVm.Contracts;
using LightVm.Dom0.Agent;
using LightVm.Dom0.Events;
using LightVm.Dom0.Guests;
using LightVm.Policies;
using LightVm.Toolstack.Lifecycle;
using Microsoft.Extensions.Logging;

namespace LightVm.Dom0.Reaper;

/// <summary>
/// Applies each service's idle policy to its guests: Running and idle past pauseAfter -> Paused;
/// idle past destroyAfter -> Destroyed. Idle time is measured from the last activity the gateways reported.
/// </summary>
public sealed partial class IdleReaper(
    GuestRegistry registry,
    GuestDestroyer destroyer,
    PolicySet policies,
    IGuestEventPublisher events,
    TimeProvider time,
    ILogger<IdleReaper> logger)
{
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var guest in registry.All)
        {
            if (!ServiceInstance.TryResolve(policies, guest.Service, out var policy))
            {
                continue;
            }

            var idleSince = guest.LastActivity;
            var idle = now - idleSince;
            try
            {
                if (guest.State is GuestState.Running or GuestState.Paused && idle >= policy.DestroyAfter)
                {
                    await destroyer.DestroyAsync(guest, $"idle for {idle.TotalSeconds:0.0} s (destroyAfter {Duration.Format(policy.DestroyAfter)})", publish: true, cancellationToken)
                        .ConfigureAwait(false);
                }
                else if (guest.State == GuestState.Running && idle >= policy.PauseAfter && guest.CanPause)
                {
                    await guest.PauseAsync(cancellationToken).ConfigureAwait(false);
                    LogPaused(guest.Service, guest.Id, idle.TotalSeconds);
                    await events.PublishAsync(
                        new GuestPaused { GuestId = guest.Id, Service = guest.Service, IdleSince = idleSince, PausedAt = time.GetUtcNow() },
                        cancellationToken).ConfigureAwait(false);
                }
            }
            catch (GuestStateException e)
            {
                LogRaced(guest.Service, guest.Id, e.Message); // A resume or crash got there first; next sweep decides again.
            }
            catch (InvalidOperationException e)
            {
                LogRaced(guest.Service, guest.Id, e.Message);
            }
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Guest {GuestId} of {Service} paused after {IdleSeconds:0.0} s idle")]
    private partial void LogPaused(string service, Guid guestId, double idleSeconds);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "Reaper skipped guest {GuestId} of {Service}: {Reason}")]
    private partial void LogRaced(string service, Guid guestId, string reason);
}
