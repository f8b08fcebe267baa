using System.Collections.Concurrent;
using System.Diagnostics;
using LightVm.Contracts;
using LightVm.Dom0.Events;
using LightVm.Dom0.Guests;
using LightVm.Policies;
using LightVm.Toolstack;
using LightVm.Toolstack.Lifecycle;
using LightVm.Toolstack.Pool;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LightVm.Dom0.Agent;

/// <summary>
/// The host agent's core: turns commands into guests (take a prepared shell, execute it with its device
/// page, probe readiness), watches them die, and reports every change as an event.
/// </summary>
public sealed partial class GuestAgent
{
    private readonly PolicySet _policies;
    private readonly ShellPool _pool;
    private readonly GuestDriverCatalog _drivers;
    private readonly GuestRegistry _registry;
    private readonly IGuestEventPublisher _events;
    private readonly TimeProvider _time;
    private readonly ILogger<GuestAgent> _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _serviceGates = new(StringComparer.OrdinalIgnoreCase);

    public GuestAgent(
        PolicySet policies,
        ShellPool pool,
        GuestDriverCatalog drivers,
        GuestRegistry registry,
        IGuestEventPublisher events,
        TimeProvider time,
        IOptions<Dom0Options> options,
        ILogger<GuestAgent> logger)
    {
        _policies = policies;
        _pool = pool;
        _drivers = drivers;
        _registry = registry;
        _events = events;
        _time = time;
        _logger = logger;
        AgentId = options.Value.AgentId;
    }

    public string AgentId { get; }

    public static ShellSpec SpecFor(ServicePolicy policy) => new()
    {
        Service = policy.Name,
        Driver = policy.Driver,
        Image = policy.Image,
        Args = policy.Args,
        Port = policy.Port,
        ConfigChannel = policy.ConfigChannel == "store" ? ConfigChannel.Store : ConfigChannel.Page,
        Isolated = policy.Network != "shared",
    };

    /// <summary>Makes (or finds) the service's guest and publishes GuestReady, or GuestStartFailed.</summary>
    public async Task SpinUpAsync(SpinUpGuest command, CancellationToken cancellationToken)
    {
        var received = _time.GetUtcNow();
        // The command names an instance key: the service, or <label>.<service> for an instancePer: host service.
        if (!ServiceInstance.TryResolve(_policies, command.Service, out var policy))
        {
            await PublishStartFailedAsync(command, null, $"no policy for service '{command.Service}' on agent {AgentId}").ConfigureAwait(false);
            return;
        }

        var gate = _serviceGates.GetOrAdd(command.Service, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = _registry.FindLive(command.Service);
            if (existing is not null)
            {
                await ReuseAsync(existing, command, cancellationToken).ConfigureAwait(false);
                return;
            }

            // Past its startTimeout the gateway has answered 503 already: a guest made now would serve no one, and
            // under overload such stale commands would keep the host busy making guests while fresh requests wait.
            var waited = _time.GetUtcNow() - command.RequestedAt;
            if (waited > policy.StartTimeout)
            {
                LogStale(command.Service, waited.TotalMilliseconds, policy.StartTimeout.TotalMilliseconds);
                await PublishStartFailedAsync(
                    command, null, $"not started: the request waited {waited.TotalMilliseconds:0} ms for the agent, past the service's startTimeout ({policy.StartTimeout.TotalMilliseconds:0} ms)")
                    .ConfigureAwait(false);
                return;
            }

            await CreateAsync(policy, command, received, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Wakes a paused guest this agent hosts; ignores guests of other agents.</summary>
    /// <returns>GuestResumed, a refusal, or null when the guest is not this agent's.</returns>
    public async Task<object?> ResumeAsync(ResumeGuest command, CancellationToken cancellationToken)
    {
        if (!_registry.TryGet(command.GuestId, out var guest))
        {
            if (_registry.WasDestroyed(command.GuestId, out var reason))
            {
                await _events.PublishAsync(
                    new GuestDestroyed { GuestId = command.GuestId, Service = command.Service, Reason = reason, DestroyedAt = _time.GetUtcNow() },
                    cancellationToken).ConfigureAwait(false);
                return new GuestCommandRefused { GuestId = command.GuestId, Reason = $"guest {command.GuestId:N} is already destroyed ({reason})" };
            }

            return null;
        }

        var started = _time.GetTimestamp();
        guest.RecordActivity(_time.GetUtcNow());
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
            return new GuestCommandRefused { GuestId = guest.Id, Reason = $"guest {guest.Id:N} cannot run again while {guest.State}" };
        }

        var ms = _time.GetElapsedTime(started).TotalMilliseconds;
        LogResumed(guest.Service, guest.Id, ms);
        var resumed = new GuestResumed { GuestId = guest.Id, Service = guest.Service, Endpoint = guest.Endpoint, ResumedAt = _time.GetUtcNow(), ResumeMs = ms };
        await _events.PublishAsync(resumed, cancellationToken).ConfigureAwait(false);
        return resumed;
    }

    public void RecordActivity(GuestActivity batch)
    {
        foreach (var entry in batch.Entries)
        {
            if (_registry.TryGet(entry.GuestId, out var guest))
            {
                guest.RecordActivity(entry.LastActivity);
            }
        }
    }

    /// <summary>Destroys a guest (idle, shutdown or operator) and publishes GuestDestroyed.</summary>
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

        _registry.Remove(guest, reason);
        LogDestroyed(guest.Service, guest.Id, reason);
        if (publish)
        {
            await _events.PublishAsync(
                new GuestDestroyed { GuestId = guest.Id, Service = guest.Service, Reason = reason, DestroyedAt = _time.GetUtcNow() },
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReuseAsync(Guest existing, SpinUpGuest command, CancellationToken cancellationToken)
    {
        if (existing.State == GuestState.Paused)
        {
            await existing.ResumeAsync(cancellationToken).ConfigureAwait(false);
        }

        existing.RecordActivity(_time.GetUtcNow());
        await _events.PublishAsync(
            Ready(existing, command, cold: false, new GuestTimings { QueueMs = 0, ShellMs = 0, ExecuteMs = 0, ReadyMs = 0 }),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<(Guest? Guest, GuestReady? Ready, string? Failure)> CreateAsync(ServicePolicy policy, SpinUpGuest command, DateTimeOffset received, CancellationToken cancellationToken)
    {
        var queueMs = Math.Max(0, (received - command.RequestedAt).TotalMilliseconds);
        var started = _time.GetTimestamp();
        var spec = SpecFor(policy);
        Shell? shell = null;
        Guest? guest = null;
        try
        {
            var clock = Stopwatch.StartNew();
            // A cold shell waits for a slot at most until the request's deadline (startTimeout from its request).
            var coldWait = policy.StartTimeout - (_time.GetUtcNow() - command.RequestedAt);
            (shell, var cold) = await _pool.TakeAsync(spec, cancellationToken, coldWait).ConfigureAwait(false);
            var shellMs = clock.Elapsed.TotalMilliseconds;
            guest = new Guest(shell, _drivers.Get(policy.Driver), _time.GetUtcNow(), instance: command.Service);
            _registry.Add(guest);
            _ = WatchAsync(guest);

            clock.Restart();
            await guest.ExecuteAsync(DevicePageFactory.Create(guest, policy), cancellationToken).ConfigureAwait(false);
            var executeMs = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            var remaining = policy.StartTimeout - _time.GetElapsedTime(started);
            await ReadinessProbe.WaitAsync(shell, remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1), _time, cancellationToken)
                .ConfigureAwait(false);
            var readyMs = clock.Elapsed.TotalMilliseconds;
            await guest.MarkReadyAsync().ConfigureAwait(false);
            guest.RecordActivity(_time.GetUtcNow());

            var timings = new GuestTimings { QueueMs = queueMs, ShellMs = shellMs, ExecuteMs = executeMs, ReadyMs = readyMs };
            LogReady(policy.Name, guest.Id, guest.Endpoint, cold, shellMs, executeMs, readyMs);
            var ready = Ready(guest, command, cold, timings);
            await _events.PublishAsync(ready, cancellationToken).ConfigureAwait(false);
            return (guest, ready, null);
        }
        catch (Exception e) when (e is GuestStartException or GuestStateException or IOException or InvalidOperationException
                                       or UnauthorizedAccessException or OperationCanceledException)
        {
            LogStartFailed(policy.Name, e.Message);
            if (guest is not null)
            {
                await guest.TryMarkFailedAsync(e.Message).ConfigureAwait(false);
                await DestroyAsync(guest, "failed to start: " + e.Message, publish: false, CancellationToken.None).ConfigureAwait(false);
            }
            else if (shell is not null)
            {
                await _drivers.Get(policy.Driver).DestroyAsync(shell, CancellationToken.None).ConfigureAwait(false);
            }

            await PublishStartFailedAsync(command, guest?.Id, e.Message).ConfigureAwait(false);
            return (null, null, e.Message);
        }
    }

    /// <summary>Sees a guest die on its own: marks it Failed, frees it, and publishes GuestFailed.</summary>
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
        await DestroyAsync(guest, reason, publish: false, CancellationToken.None).ConfigureAwait(false);
        await _events.PublishAsync(
            new GuestFailed { GuestId = guest.Id, Service = guest.Service, Reason = reason, FailedAt = _time.GetUtcNow() },
            CancellationToken.None).ConfigureAwait(false);
    }

    private GuestReady Ready(Guest guest, SpinUpGuest command, bool cold, GuestTimings timings) => new()
    {
        GuestId = guest.Id,
        Service = guest.Service,
        RequestId = command.RequestId,
        AgentId = AgentId,
        Driver = guest.Driver,
        Accelerator = guest.Shell.Accelerator,
        Endpoint = guest.Endpoint,
        CreatedAt = guest.CreatedAt,
        ColdShell = cold,
        Timings = timings,
    };

    private Task PublishStartFailedAsync(SpinUpGuest command, Guid? guestId, string reason) =>
        _events.PublishAsync(
            new GuestStartFailed { RequestId = command.RequestId, Service = command.Service, GuestId = guestId, Reason = reason },
            CancellationToken.None);
}
