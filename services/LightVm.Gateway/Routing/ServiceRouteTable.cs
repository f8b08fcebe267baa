using System.Collections.Concurrent;
using LightVm.Contracts;
using LightVm.Gateway.Activity;
using LightVm.Policies;
using Microsoft.Extensions.Logging;

namespace LightVm.Gateway.Routing;

/// <summary>
/// The gateway's view of every service's guest, fed by bus events, and the hold queue in front of it:
/// a request for a service without a ready guest waits (at most maxHeld of them, at most startTimeout)
/// while one guest is spun up or resumed for all of them.
/// </summary>
public sealed partial class ServiceRouteTable(
    IGuestCommands commands,
    ActivityTracker activity,
    TimeProvider time,
    ILogger<ServiceRouteTable> logger)
{
    private readonly ConcurrentDictionary<string, ServiceRoute> _routes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Raised (outside any lock) when a service's guest endpoint appears, changes or goes.</summary>
    public event Action? Changed;

    /// <summary>The services with a guest (ready or paused) and where it is.</summary>
    public IReadOnlyList<(string Service, Guid GuestId, Uri Endpoint, RouteState State)> Snapshot()
    {
        var list = new List<(string, Guid, Uri, RouteState)>();
        foreach (var route in _routes.Values)
        {
            lock (route.Lock)
            {
                if (route.Endpoint is not null && route.State is RouteState.Ready or RouteState.Paused)
                {
                    list.Add((route.Service, route.GuestId, route.Endpoint, route.State));
                }
            }
        }

        return list;
    }

    public RouteState StateOf(string service) => _routes.TryGetValue(service, out var r) ? r.State : RouteState.None;

    /// <summary>Returns where to forward a request for <paramref name="policy"/>'s service, holding it if needed.</summary>
    public Task<Activation> AcquireAsync(ServicePolicy policy, CancellationToken cancellationToken) =>
        AcquireAsync(policy, policy.Name, cancellationToken);

    /// <summary>
    /// Returns where to forward a request for the guest named <paramref name="key"/> (the service, or one
    /// instance <c>&lt;label&gt;.&lt;service&gt;</c> of an <c>instancePer: host</c> service), holding it if needed.
    /// </summary>
    public async Task<Activation> AcquireAsync(ServicePolicy policy, string key, CancellationToken cancellationToken)
    {
        var route = _routes.GetOrAdd(key, name => new ServiceRoute(name));
        var started = time.GetTimestamp();
        TaskCompletionSource<Activation> pending;
        Guid? spinUp = null;
        Guid? resume = null;
        lock (route.Lock)
        {
            if (route.State == RouteState.Ready && route.Endpoint is not null)
            {
                return new Activation { Kind = ActivationKind.Warm, GuestId = route.GuestId, Endpoint = route.Endpoint };
            }

            if (route.Held >= policy.MaxHeld)
            {
                return new Activation { Kind = ActivationKind.Full, Reason = $"{route.Held} requests already wait for '{key}' (maxHeld {policy.MaxHeld})" };
            }

            var stale = route.State == RouteState.Starting && time.GetElapsedTime(route.StartingSince) > policy.StartTimeout;
            if (route.State == RouteState.None || stale)
            {
                route.State = RouteState.Starting;
                route.RequestId = Guid.NewGuid();
                route.StartingSince = started;
                route.Complete(new Activation { Kind = ActivationKind.Timeout, Reason = "superseded by a new spin-up" });
                route.NewPending();
                spinUp = route.RequestId;
            }
            else if (route.State == RouteState.Paused
                     && (!route.ResumeSent || time.GetElapsedTime(route.StartingSince) > policy.StartTimeout))
            {
                route.ResumeSent = true;
                route.StartingSince = started;
                if (route.Pending is null)
                {
                    route.NewPending();
                }

                resume = route.GuestId;
            }

            pending = route.Pending ?? route.NewPending();
            route.Held++;
        }

        try
        {
            if (spinUp is { } requestId)
            {
                LogSpinUp(key, requestId);
                await commands.SpinUpAsync(key, requestId, cancellationToken).ConfigureAwait(false);
            }
            else if (resume is { } guestId)
            {
                LogResume(key, guestId);
                await commands.ResumeAsync(key, guestId, cancellationToken).ConfigureAwait(false);
            }

            var remaining = policy.StartTimeout - time.GetElapsedTime(started);
            var outcome = remaining > TimeSpan.Zero
                ? await pending.Task.WaitAsync(remaining, time, cancellationToken).ConfigureAwait(false)
                : throw new TimeoutException();
            return outcome with { Held = time.GetElapsedTime(started) };
        }
        catch (TimeoutException)
        {
            return new Activation
            {
                Kind = ActivationKind.Timeout,
                Held = time.GetElapsedTime(started),
                Reason = $"no guest for '{key}' within startTimeout {Duration.Format(policy.StartTimeout)}",
            };
        }
        finally
        {
            lock (route.Lock)
            {
                route.Held--;
            }
        }
    }

    public void OnReady(GuestReady e)
    {
        var route = _routes.GetOrAdd(e.Service, name => new ServiceRoute(name));
        lock (route.Lock)
        {
            if (route.State == RouteState.Ready && route.GuestId != e.GuestId)
            {
                return; // The service already has a guest; the other one idles out on its agent.
            }

            route.State = RouteState.Ready;
            route.GuestId = e.GuestId;
            route.Endpoint = e.Endpoint;
            route.ResumeSent = false;
            route.LastTimings = e.Timings;
            route.Complete(new Activation { Kind = ActivationKind.Cold, GuestId = e.GuestId, Endpoint = e.Endpoint, Timings = e.Timings });
        }

        Changed?.Invoke();
    }

    public void OnStartFailed(GuestStartFailed e)
    {
        if (!_routes.TryGetValue(e.Service, out var route))
        {
            return;
        }

        lock (route.Lock)
        {
            if (route.State != RouteState.Starting || route.RequestId != e.RequestId)
            {
                return;
            }

            route.State = RouteState.None;
            route.Complete(new Activation { Kind = ActivationKind.Failed, Reason = e.Reason });
        }
    }

    public void OnPaused(GuestPaused e)
    {
        if (!_routes.TryGetValue(e.Service, out var route))
        {
            return;
        }

        var wakeAgain = false;
        lock (route.Lock)
        {
            if (route.GuestId != e.GuestId || route.State != RouteState.Ready)
            {
                return;
            }

            route.State = RouteState.Paused;
            route.ResumeSent = false;

            // The agent decided on activity it knew of; traffic that arrived since must not hang on a stopped guest.
            var last = activity.LastActivity(e.GuestId);
            if (activity.InFlight(e.GuestId) > 0 || (last is { } l && l > e.IdleSince))
            {
                route.ResumeSent = true;
                route.StartingSince = time.GetTimestamp();
                route.NewPending();
                wakeAgain = true;
            }
        }

        LogPaused(e.Service, e.GuestId, wakeAgain);
        if (wakeAgain)
        {
            _ = commands.ResumeAsync(e.Service, e.GuestId, CancellationToken.None);
        }
    }

    public void OnResumed(GuestResumed e)
    {
        if (!_routes.TryGetValue(e.Service, out var route))
        {
            return;
        }

        lock (route.Lock)
        {
            if (route.GuestId != e.GuestId)
            {
                return;
            }

            route.State = RouteState.Ready;
            route.Endpoint = e.Endpoint;
            route.ResumeSent = false;
            route.Complete(new Activation { Kind = ActivationKind.Resumed, GuestId = e.GuestId, Endpoint = e.Endpoint });
        }

        Changed?.Invoke();
    }

    /// <summary>The guest was destroyed or failed: drop its route; requests still held get a new guest.</summary>
    public void OnGone(string service, Guid guestId, string reason)
    {
        if (!_routes.TryGetValue(service, out var route))
        {
            return;
        }

        Guid? respin = null;
        lock (route.Lock)
        {
            if (route.GuestId != guestId || route.State is RouteState.None or RouteState.Starting)
            {
                return;
            }

            route.State = RouteState.None;
            route.Endpoint = null;
            route.ResumeSent = false;
            if (route.Held > 0 && route.Pending is not null)
            {
                route.State = RouteState.Starting;
                route.RequestId = Guid.NewGuid();
                route.StartingSince = time.GetTimestamp();
                respin = route.RequestId;
            }
        }

        activity.Forget(guestId);
        LogGone(service, guestId, reason);
        Changed?.Invoke();
        if (respin is { } requestId)
        {
            _ = commands.SpinUpAsync(service, requestId, CancellationToken.None);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "No guest for {Service}: SpinUpGuest {RequestId}")]
    private partial void LogSpinUp(string service, Guid requestId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Guest {GuestId} of {Service} is paused: ResumeGuest")]
    private partial void LogResume(string service, Guid guestId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Guest {GuestId} of {Service} paused (woken again at once: {WakeAgain})")]
    private partial void LogPaused(string service, Guid guestId, bool wakeAgain);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Guest {GuestId} of {Service} is gone: {Reason}")]
    private partial void LogGone(string service, Guid guestId, string reason);
}
