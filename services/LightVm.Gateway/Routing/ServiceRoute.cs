using LightVm.Contracts;
using LightVm.Policies;
using Stateless;

namespace LightVm.Gateway.Routing;

/// <summary>
/// One route: what the gateway knows of one service's (or instance's) guest, and the requests held for it. The
/// lifecycle (<see cref="RouteLifecycle"/>) is private; callers use intent methods, each under the route's lock.
/// Guest events that do not fit the route (another guest, another request, a trigger not legal now) are ignored:
/// the intent returns false.
/// </summary>
internal sealed class ServiceRoute
{
    private readonly Lock _lock = new();
    private readonly StateMachine<RouteState, RouteTrigger> _machine;
    private readonly TimeProvider _time;
    private RouteState _state = RouteState.None;
    private Guid _guestId;
    private Uri? _endpoint;

    /// <summary>The SpinUpGuest a starting route waits for.</summary>
    private Guid _requestId;

    /// <summary>When the last SpinUpGuest or ResumeGuest went out.</summary>
    private long _attemptSince;

    public ServiceRoute(string key, TimeProvider time)
    {
        Key = key;
        _time = time;
        Holds = new HoldQueue(key, time);
        _machine = RouteLifecycle.Create(() => _state, s => _state = s);
    }

    /// <summary>The service, or one instance <c>&lt;label&gt;.&lt;service&gt;</c> of an <c>instancePer: host</c> service.</summary>
    public string Key { get; }

    public HoldQueue Holds { get; }

    public RouteState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Where the route's guest is while it has one (ready, paused or resuming); null otherwise.</summary>
    public (Guid GuestId, Uri Endpoint, RouteState State)? Destination
    {
        get
        {
            lock (_lock)
            {
                return _endpoint is { } endpoint && _state is RouteState.Ready or RouteState.Paused or RouteState.Resuming
                    ? (_guestId, endpoint, _state)
                    : null;
            }
        }
    }

    /// <summary>
    /// A request arrives: forward it to a ready guest, refuse it when <see cref="ServicePolicy.MaxHeld"/> wait already,
    /// or hold it, first asking for a guest (none, failed, or a start older than startTimeout) or a resume (paused, or
    /// a resume older than startTimeout) when nobody has yet.
    /// </summary>
    public Admission Admit(ServicePolicy policy)
    {
        lock (_lock)
        {
            if (_state == RouteState.Ready && _endpoint is not null)
            {
                return Admission.Answered(new Activation { Kind = ActivationKind.Warm, GuestId = _guestId, Endpoint = _endpoint });
            }

            // The place is checked before a start is decided and taken after it: a new start releases the holds of a stale one.
            if (!Holds.HasRoom(policy.MaxHeld))
            {
                return Admission.Answered(Full(policy));
            }

            var stale = _time.GetElapsedTime(_attemptSince) > policy.StartTimeout;
            Guid? spinUp = null;
            Guid? resume = null;
            if (_state is RouteState.None or RouteState.Failed || (_state == RouteState.Starting && stale))
            {
                Holds.Release(new Activation { Kind = ActivationKind.Timeout, Reason = "superseded by a new spin-up" });
                spinUp = BeginStart();
            }
            else if (_state == RouteState.Paused || (_state == RouteState.Resuming && stale))
            {
                resume = BeginResume();
            }

            // Places are only taken under this lock, so the room checked above is still there.
            return Holds.TryEnter(policy.MaxHeld, policy.StartTimeout) is { } hold
                ? new Admission(null, hold, spinUp, resume)
                : Admission.Answered(Full(policy));
        }
    }

    /// <summary>GuestReady: the route forwards to the guest, and the held requests go to it (cold).</summary>
    public bool MarkReady(Guid guestId, Uri endpoint, GuestTimings? timings)
    {
        lock (_lock)
        {
            if (_state == RouteState.Ready && _guestId != guestId)
            {
                return false; // The service already has a guest; the other one idles out on its agent.
            }

            _machine.Fire(RouteTrigger.Ready);
            _guestId = guestId;
            _endpoint = endpoint;
            Holds.Release(new Activation { Kind = ActivationKind.Cold, GuestId = guestId, Endpoint = endpoint, Timings = timings });
            return true;
        }
    }

    /// <summary>GuestStartFailed for the spin-up the route waits for: the held requests fail with the reason.</summary>
    public bool FailStart(Guid requestId, string reason)
    {
        lock (_lock)
        {
            if (!_machine.CanFire(RouteTrigger.StartFailed) || _requestId != requestId)
            {
                return false;
            }

            _machine.Fire(RouteTrigger.StartFailed);
            Holds.Release(new Activation { Kind = ActivationKind.Failed, Reason = reason });
            return true;
        }
    }

    /// <summary>
    /// GuestPaused for the ready guest. When <paramref name="busy"/> says traffic arrived since the agent decided,
    /// the route resumes at once (<paramref name="wokenAgain"/>): that traffic must not hang on a stopped guest.
    /// </summary>
    public bool MarkPaused(Guid guestId, Func<bool> busy, out bool wokenAgain)
    {
        lock (_lock)
        {
            wokenAgain = false;
            if (_guestId != guestId || !_machine.CanFire(RouteTrigger.Pause))
            {
                return false;
            }

            _machine.Fire(RouteTrigger.Pause);
            if (busy())
            {
                BeginResume();
                wokenAgain = true;
            }

            return true;
        }
    }

    /// <summary>GuestResumed: the route forwards again, and the held requests go to the guest (resumed).</summary>
    public bool MarkResumed(Guid guestId, Uri endpoint)
    {
        lock (_lock)
        {
            if (_guestId != guestId || !_machine.CanFire(RouteTrigger.Resumed))
            {
                return false;
            }

            _machine.Fire(RouteTrigger.Resumed);
            _endpoint = endpoint;
            Holds.Release(new Activation { Kind = ActivationKind.Resumed, GuestId = guestId, Endpoint = endpoint });
            return true;
        }
    }

    /// <summary>GuestDestroyed: the route has no guest; requests still held get a new one (<paramref name="respin"/>).</summary>
    public bool Remove(Guid guestId, out Guid? respin) => Depart(RouteTrigger.Remove, guestId, out respin);

    /// <summary>GuestFailed: the route's guest failed; requests still held get a new one (<paramref name="respin"/>).</summary>
    public bool Fail(Guid guestId, out Guid? respin) => Depart(RouteTrigger.Fail, guestId, out respin);

    private bool Depart(RouteTrigger trigger, Guid guestId, out Guid? respin)
    {
        lock (_lock)
        {
            respin = null;
            if (_guestId != guestId || !_machine.CanFire(trigger))
            {
                return false;
            }

            _machine.Fire(trigger);
            _endpoint = null;
            if (Holds.IsOwed)
            {
                respin = BeginStart();
            }

            return true;
        }
    }

    /// <summary>Asks for a new guest (the caller sends SpinUpGuest with the returned request id).</summary>
    private Guid BeginStart()
    {
        _machine.Fire(RouteTrigger.Start);
        _requestId = Guid.NewGuid();
        _attemptSince = _time.GetTimestamp();
        return _requestId;
    }

    /// <summary>Asks for the paused guest (the caller sends ResumeGuest for the returned guest).</summary>
    private Guid BeginResume()
    {
        _machine.Fire(RouteTrigger.Resume);
        _attemptSince = _time.GetTimestamp();
        return _guestId;
    }

    private Activation Full(ServicePolicy policy) => new()
    {
        Kind = ActivationKind.Full,
        Reason = $"{Holds.Count} requests already wait for '{Key}' (maxHeld {policy.MaxHeld})",
    };
}
