using LightVm.Contracts;
using LightVm.Dom0.Agent;
using LightVm.Dom0.Events;
using LightVm.Dom0.Guests;
using LightVm.Policies;
using LightVm.Toolstack;
using LightVm.Toolstack.Lifecycle;
using Microsoft.Extensions.Options;

namespace LightVm.Dom0.Operator;

/// <summary>The operator's commands about guests (lightvm guest ...): each answers what happened or why not, in one line.</summary>
public sealed class OperatorService(
    PolicySet policies,
    GuestRegistry registry,
    GuestStarter starter,
    GuestDestroyer destroyer,
    GuestDriverCatalog drivers,
    IGuestEventPublisher events,
    TimeProvider time,
    IOptions<Dom0Options> options)
{
    private string AgentId => options.Value.AgentId;

    /// <summary>A new guest of the service, even when one runs already; paused at once when asked.</summary>
    public async Task<OperatorAnswer<GuestReady>> CreateNewAsync(CreateGuest command, CancellationToken cancellationToken)
    {
        if (!policies.TryGet(command.Service, out var policy))
        {
            return new(null, new GuestCommandRefused { Reason = $"no policy for service '{command.Service}' on agent {AgentId}" });
        }

        var now = time.GetUtcNow();
        var started = await starter.StartAsync(
            policy, new SpinUpGuest { RequestId = command.RequestId, Service = policy.Name, RequestedAt = now }, now, cancellationToken).ConfigureAwait(false);
        if (started.Guest is not { } guest || started.Ready is not { } ready)
        {
            return new(null, new GuestCommandRefused { Reason = $"guest of '{policy.Name}' did not start: {started.Failure}" });
        }

        if (command.Paused && (await PauseNowAsync(guest.Id, cancellationToken).ConfigureAwait(false)).Refused is { } refused)
        {
            return new(null, refused);
        }

        return new(ready, null);
    }

    /// <summary>Pauses a guest of this agent now.</summary>
    public async Task<OperatorAnswer<GuestPaused>> PauseNowAsync(Guid guestId, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(guestId, out var guest))
        {
            return new(null, Unknown(guestId));
        }

        if (!guest.CanPause)
        {
            return new(null, new GuestCommandRefused { GuestId = guestId, Reason = $"guest {guestId:N} cannot be paused while {guest.State} (driver {guest.Driver})" });
        }

        var idleSince = guest.LastActivity;
        try
        {
            await guest.PauseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (GuestStateException e)
        {
            return new(null, new GuestCommandRefused { GuestId = guestId, Reason = e.Message });
        }

        var paused = new GuestPaused { GuestId = guest.Id, Service = guest.Service, IdleSince = idleSince, PausedAt = time.GetUtcNow() };
        await events.PublishAsync(paused, cancellationToken).ConfigureAwait(false);
        return new(paused, null);
    }

    /// <summary>Destroys a guest of this agent now.</summary>
    public async Task<OperatorAnswer<GuestDestroyed>> DestroyNowAsync(Guid guestId, string reason, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(guestId, out var guest))
        {
            return new(null, Unknown(guestId));
        }

        await destroyer.DestroyAsync(guest, reason, publish: true, cancellationToken).ConfigureAwait(false);
        return new(new GuestDestroyed { GuestId = guest.Id, Service = guest.Service, Reason = reason, DestroyedAt = time.GetUtcNow() }, null);
    }

    public GuestList ListGuests() => new()
    {
        AgentId = AgentId,
        Guests = [.. registry.All.OrderBy(g => g.CreatedAt).Select(g => new GuestDetail
        {
            Id = g.Id,
            Service = g.Service,
            Driver = g.Driver,
            State = g.State.ToString(),
            Address = g.Shell.Endpoint.ToString(),
            MemoryKib = g.Shell.HostPid is { } pid ? HostProcessStatus.ResidentKib(pid) : 0,
            HostPid = g.Shell.HostPid,
            Capabilities = CapabilityNames(drivers.Get(g.Driver).Capabilities),
            Accelerator = g.Shell.Accelerator,
        })],
    };

    private static IReadOnlyList<string> CapabilityNames(DriverCapabilities capabilities) =>
        [.. Enum.GetValues<DriverCapabilities>().Where(c => c != DriverCapabilities.None && capabilities.HasFlag(c)).Select(c => c.ToString().ToLowerInvariant())];

    /// <summary>Null when the id was never this agent's (another agent answers); a refusal when it was destroyed here.</summary>
    private GuestCommandRefused? Unknown(Guid guestId) =>
        registry.WasDestroyed(guestId, out var reason)
            ? new GuestCommandRefused { GuestId = guestId, Reason = $"guest {guestId:N} is already destroyed ({reason})" }
            : null;
}
