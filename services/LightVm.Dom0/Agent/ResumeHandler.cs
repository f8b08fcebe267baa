using LightVm.Contracts;
using LightVm.Dom0.Events;
using LightVm.Dom0.Guests;
using LightVm.Dom0.Operator;
using LightVm.Toolstack.Lifecycle;
using Microsoft.Extensions.Logging;

namespace LightVm.Dom0.Agent;

/// <summary>Wakes a paused guest this agent hosts (a gateway's request for it, or the operator); ignores guests of other agents.</summary>
public sealed partial class ResumeHandler(
    GuestRegistry registry,
    IGuestEventPublisher events,
    TimeProvider time,
    ILogger<ResumeHandler> logger)
{
    /// <returns>GuestResumed, a refusal, or neither when the guest is not this agent's.</returns>
    public async Task<OperatorAnswer<GuestResumed>> ResumeAsync(ResumeGuest command, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(command.GuestId, out var guest))
        {
            if (registry.WasDestroyed(command.GuestId, out var reason))
            {
                await events.PublishDestroyedAsync(command.GuestId, command.Service, reason, time, cancellationToken).ConfigureAwait(false);
                return new(null, new GuestCommandRefused { GuestId = command.GuestId, Reason = $"guest {command.GuestId:N} is already destroyed ({reason})" });
            }

            return new(null, null);
        }

        var started = time.GetTimestamp();
        guest.RecordActivity(time.GetUtcNow());
        if (guest.State == GuestState.Paused)
        {
            try
            {
                await guest.ResumeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (GuestStateException)
            {
                // Raced with the reaper or a crash; report the state below.
            }
        }

        if (guest.State != GuestState.Running)
        {
            return new(null, new GuestCommandRefused { GuestId = guest.Id, Reason = $"guest {guest.Id:N} cannot run again while {guest.State}" });
        }

        var ms = time.GetElapsedTime(started).TotalMilliseconds;
        LogResumed(guest.Service, guest.Id, ms);
        var resumed = new GuestResumed { GuestId = guest.Id, Service = guest.Service, Endpoint = guest.Endpoint, ResumedAt = time.GetUtcNow(), ResumeMs = ms };
        await events.PublishAsync(resumed, cancellationToken).ConfigureAwait(false);
        return new(resumed, null);
    }

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Guest {GuestId} of {Service} resumed in {ResumeMs:0.00} ms")]
    private partial void LogResumed(string service, Guid guestId, double resumeMs);
}
