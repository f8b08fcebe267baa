using LightVm.Contracts;
using LightVm.Gateway.Activity;
using LightVm.Hosting.Bus;
using Microsoft.Extensions.Logging;

namespace LightVm.Gateway.Routing;

/// <summary>
/// Applies the agents' guest events to the routes, and sends what follows from them: a resume for a guest paused
/// under traffic, a new guest for requests still held when theirs went.
/// </summary>
public sealed partial class RouteEvents(
    ServiceRouteTable table,
    IGuestCommands commands,
    ActivityTracker activity,
    ILogger<RouteEvents> logger) : IGuestEventSink
{
    public void Apply(GuestReady e)
    {
        if (table.GetOrAdd(e.Service).MarkReady(e.GuestId, e.Endpoint, e.Timings))
        {
            table.OnChanged();
        }
    }

    public void Apply(GuestStartFailed e)
    {
        if (table.TryGet(e.Service, out var route))
        {
            route.FailStart(e.RequestId, e.Reason);
        }
    }

    public void Apply(GuestPaused e)
    {
        // The agent decided on activity it knew of; traffic that arrived since must not hang on a stopped guest.
        if (!table.TryGet(e.Service, out var route) || !route.MarkPaused(e.GuestId, () => BusySince(e.GuestId, e.IdleSince), out var wakeAgain))
        {
            return;
        }

        LogPaused(e.Service, e.GuestId, wakeAgain);
        if (wakeAgain)
        {
            _ = commands.ResumeAsync(e.Service, e.GuestId, CancellationToken.None);
        }
    }

    public void Apply(GuestResumed e)
    {
        if (table.TryGet(e.Service, out var route) && route.MarkResumed(e.GuestId, e.Endpoint))
        {
            table.OnChanged();
        }
    }

    /// <summary>The guest was destroyed: drop its route; requests still held get a new guest.</summary>
    public void Apply(GuestDestroyed e)
    {
        if (table.TryGet(e.Service, out var route) && route.Remove(e.GuestId, out var respin))
        {
            Gone(e.Service, e.GuestId, "destroyed: " + e.Reason, respin);
        }
    }

    /// <summary>The guest failed: the route is failed until the next request; requests still held get a new guest.</summary>
    public void Apply(GuestFailed e)
    {
        if (table.TryGet(e.Service, out var route) && route.Fail(e.GuestId, out var respin))
        {
            Gone(e.Service, e.GuestId, "failed: " + e.Reason, respin);
        }
    }

    private bool BusySince(Guid guestId, DateTimeOffset idleSince) =>
        activity.InFlight(guestId) > 0 || (activity.LastActivity(guestId) is { } last && last > idleSince);

    private void Gone(string service, Guid guestId, string reason, Guid? respin)
    {
        activity.Forget(guestId);
        LogGone(service, guestId, reason);
        table.OnChanged();
        if (respin is { } requestId)
        {
            _ = commands.SpinUpAsync(service, requestId, CancellationToken.None);
        }
    }

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Guest {GuestId} of {Service} paused (woken again at once: {WakeAgain})")]
    private partial void LogPaused(string service, Guid guestId, bool wakeAgain);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Guest {GuestId} of {Service} is gone: {Reason}")]
    private partial void LogGone(string service, Guid guestId, string reason);
}
