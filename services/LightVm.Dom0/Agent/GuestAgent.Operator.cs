using LightVm.Contracts;
using LightVm.Toolstack;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Dom0.Agent;

/// <summary>The operator's commands (lightvm guest ...): each answers what happened or why not, in one line.</summary>
public sealed partial class GuestAgent
{
    /// <summary>A new guest of the service, even when one runs already; paused at once when asked.</summary>
    public async Task<object> CreateNewAsync(CreateGuest command, CancellationToken cancellationToken)
    {
        if (!_policies.TryGet(command.Service, out var policy))
        {
            return new GuestCommandRefused { Reason = $"no policy for service '{command.Service}' on agent {AgentId}" };
        }

        var now = _time.GetUtcNow();
        var (guest, ready, failure) = await CreateAsync(
            policy, new SpinUpGuest { RequestId = command.RequestId, Service = policy.Name, RequestedAt = now }, now, cancellationToken).ConfigureAwait(false);
        if (guest is null || ready is null)
        {
            return new GuestCommandRefused { Reason = $"guest of '{policy.Name}' did not start: {failure}" };
        }

        if (command.Paused)
        {
            var paused = await PauseNowAsync(guest.Id, cancellationToken).ConfigureAwait(false);
            if (paused is GuestCommandRefused)
            {
                return paused;
            }
        }

        return ready;
    }

    /// <summary>Pauses a guest of this agent now; null when the guest is not this agent's.</summary>
    public async Task<object?> PauseNowAsync(Guid guestId, CancellationToken cancellationToken)
    {
        if (!_registry.TryGet(guestId, out var guest))
        {
            return Unknown(guestId);
        }

        if (!guest.CanPause)
        {
            return new GuestCommandRefused { GuestId = guestId, Reason = $"guest {guestId:N} cannot be paused while {guest.State} (driver {guest.Driver})" };
        }

        var idleSince = guest.LastActivity;
        try
        {
            await guest.PauseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (GuestStateException e)
        {
            return new GuestCommandRefused { GuestId = guestId, Reason = e.Message };
        }

        var paused = new GuestPaused { GuestId = guest.Id, Service = guest.Service, IdleSince = idleSince, PausedAt = _time.GetUtcNow() };
        await _events.PublishAsync(paused, cancellationToken).ConfigureAwait(false);
        return paused;
    }

    /// <summary>Destroys a guest of this agent now; null when the guest is not this agent's.</summary>
    public async Task<object?> DestroyNowAsync(Guid guestId, string reason, CancellationToken cancellationToken)
    {
        if (!_registry.TryGet(guestId, out var guest))
        {
            return Unknown(guestId);
        }

        await DestroyAsync(guest, reason, publish: true, cancellationToken).ConfigureAwait(false);
        return new GuestDestroyed { GuestId = guest.Id, Service = guest.Service, Reason = reason, DestroyedAt = _time.GetUtcNow() };
    }

    public GuestList ListGuests() => new()
    {
        AgentId = AgentId,
        Guests = [.. _registry.All.OrderBy(g => g.CreatedAt).Select(g => new GuestDetail
        {
            Id = g.Id,
            Service = g.Service,
            Driver = g.Driver,
            State = g.State.ToString(),
            Address = g.Shell.Endpoint.ToString(),
            MemoryKib = ResidentKib(g.Shell),
            HostPid = g.Shell.HostPid,
            Capabilities = CapabilityNames(_drivers.Get(g.Driver).Capabilities),
            Accelerator = g.Shell.Accelerator,
        })],
    };

    public PoolsReport Pools(GetPools request)
    {
        if (request.Service is { } service && request.Target is { } target && _policies.TryGet(service, out var policy))
        {
            _pool.Configure(SpecFor(policy), target);
        }

        return new PoolsReport
        {
            AgentId = AgentId,
            Pools = [.. _policies.All.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => _pool.Stats(p.Name)).Select(s => new PoolReport
            {
                Service = s.Service,
                Ready = s.Ready,
                Target = s.Target,
                ColdCreates = s.ColdCreates,
                Failures = s.Failures,
                Discarded = s.Discarded,
                LastError = s.LastError,
            })],
        };
    }

    private static IReadOnlyList<string> CapabilityNames(DriverCapabilities capabilities) =>
        [.. Enum.GetValues<DriverCapabilities>().Where(c => c != DriverCapabilities.None && capabilities.HasFlag(c)).Select(c => c.ToString().ToLowerInvariant())];

    /// <summary>VmRSS of a host process, in KiB; 0 when it cannot be read.</summary>
    private static long ResidentKib(Shell shell)
    {
        try
        {
            var line = shell.HostPid is { } p ? File.ReadLines($"/proc/{p}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            return 0; // Gone meanwhile.
        }
    }

    /// <summary>Null when the id was never this agent's (another agent answers); a refusal when it was destroyed here.</summary>
    private GuestCommandRefused? Unknown(Guid guestId) =>
        _registry.WasDestroyed(guestId, out var reason)
            ? new GuestCommandRefused { GuestId = guestId, Reason = $"guest {guestId:N} is already destroyed ({reason})" }
            : null;
}
