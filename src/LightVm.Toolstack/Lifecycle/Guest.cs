using LightVm.Noxs;
using Stateless;

namespace LightVm.Toolstack.Lifecycle;

/// <summary>
/// One guest: its shell, its driver and its lifecycle. The state machine is private; callers use intent
/// methods. One writer at a time: every intent runs under the guest's gate.
/// </summary>
public sealed class Guest
{
    private readonly StateMachine<GuestState, GuestTrigger> _machine;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IGuestDriver _driver;
    private int _state = (int)GuestState.Prepared;
    private long _lastActivityTicks;

    private readonly string? _instance;

    /// <param name="instance">
    /// The name the guest is known by when it is one of several of its service (<c>instancePer: host</c>:
    /// <c>&lt;label&gt;.&lt;service&gt;</c>); null for the service's only guest.
    /// </param>
    public Guest(Shell shell, IGuestDriver driver, DateTimeOffset createdAt, string? instance = null)
    {
        Shell = shell;
        _instance = instance;
        _driver = driver;
        CreatedAt = createdAt;
        _lastActivityTicks = createdAt.UtcTicks;
        _machine = GuestLifecycle.Create(() => (GuestState)Volatile.Read(ref _state), s => Volatile.Write(ref _state, (int)s));
    }

    public Guid Id => Shell.Id;

    /// <summary>The instance key: the service name, or <c>&lt;label&gt;.&lt;service&gt;</c> for one of a service's per-host guests.</summary>
    public string Service => _instance ?? Shell.Spec.Service;

    public string Driver => _driver.Name;

    public Shell Shell { get; }

    public Uri Endpoint => new($"http://{Shell.Endpoint}");

    public DateTimeOffset CreatedAt { get; }

    public GuestState State => (GuestState)Volatile.Read(ref _state);

    public string? FailureReason { get; private set; }

    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    public bool IsLive => State is GuestState.Executing or GuestState.Running or GuestState.Paused or GuestState.Saved;

    public bool CanPause => _machine.CanFire(GuestTrigger.Pause) && _driver.Capabilities.HasFlag(DriverCapabilities.Pause);

    public bool CanResume => _machine.CanFire(GuestTrigger.Resume);

    public bool CanDestroy => _machine.CanFire(GuestTrigger.Destroy);

    /// <summary>Moves the last-activity mark forward (never back).</summary>
    public void RecordActivity(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _lastActivityTicks);
            if (ticks <= seen)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _lastActivityTicks, ticks, seen) != seen);
    }

    /// <summary>Writes the page and releases the guest (Prepared -> Executing).</summary>
    public Task ExecuteAsync(DevicePage page, CancellationToken cancellationToken) =>
        UnderGate(GuestTrigger.Execute, async () =>
        {
            _machine.Fire(GuestTrigger.Execute);
            await _driver.ExecuteAsync(Shell, page, cancellationToken).ConfigureAwait(false);
        });

    /// <summary>The readiness probe answered (Executing -> Running).</summary>
    public Task MarkReadyAsync() => UnderGate(GuestTrigger.Ready, () =>
    {
        _machine.Fire(GuestTrigger.Ready);
        return Task.CompletedTask;
    });

    public Task PauseAsync(CancellationToken cancellationToken) =>
        UnderGate(GuestTrigger.Pause, async () =>
        {
            if (!_driver.Capabilities.HasFlag(DriverCapabilities.Pause))
            {
                throw new GuestStateException($"Driver '{_driver.Name}' cannot pause guests.");
            }

            await _driver.PauseAsync(Shell, cancellationToken).ConfigureAwait(false);
            _machine.Fire(GuestTrigger.Pause);
        });

    public Task ResumeAsync(CancellationToken cancellationToken) =>
        UnderGate(GuestTrigger.Resume, async () =>
        {
            await _driver.ResumeAsync(Shell, cancellationToken).ConfigureAwait(false);
            _machine.Fire(GuestTrigger.Resume);
        });

    /// <summary>Marks the guest Failed (it crashed or never became ready). Resources are freed by <see cref="DestroyAsync"/>.</summary>
    public Task MarkFailedAsync(string reason) => UnderGate(GuestTrigger.Fail, () =>
    {
        FailureReason = reason;
        _machine.Fire(GuestTrigger.Fail);
        return Task.CompletedTask;
    });

    /// <summary>Frees everything the guest holds. Legal from every state but Destroyed.</summary>
    public Task DestroyAsync(CancellationToken cancellationToken) =>
        UnderGate(GuestTrigger.Destroy, async () =>
        {
            await _driver.DestroyAsync(Shell, cancellationToken).ConfigureAwait(false);
            _machine.Fire(GuestTrigger.Destroy);
        });

    /// <summary>Like <see cref="MarkFailedAsync"/> but returns false instead of throwing when not legal.</summary>
    public async Task<bool> TryMarkFailedAsync(string reason)
    {
        try
        {
            await MarkFailedAsync(reason).ConfigureAwait(false);
            return true;
        }
        catch (GuestStateException)
        {
            return false;
        }
    }

    public override string ToString() => $"{Service}/{Id:N} ({State})";

    private async Task UnderGate(GuestTrigger trigger, Func<Task> action)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_machine.CanFire(trigger))
            {
                throw new GuestStateException($"Guest {Id:N} of '{Service}' cannot {trigger} while {State}.");
            }

            await action().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
