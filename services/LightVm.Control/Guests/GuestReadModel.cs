using System.Collections.Concurrent;
using LightVm.Contracts;
using LightVm.Hosting.Bus;

namespace LightVm.Control.Guests;

/// <summary>
/// The operator's view of all guests on all agents, built only from bus events (so it works the same in
/// embedded and distributed mode). Destroyed guests leave the list; failed ones stay, bounded, as Failed.
/// </summary>
public sealed class GuestReadModel : IGuestEventSink
{
    private const int FailedKept = 100;
    private readonly ConcurrentDictionary<Guid, GuestView> _guests = new();
    private readonly ConcurrentDictionary<string, string> _lastStartFailure = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<Guid> _failedOrder = new();

    public IReadOnlyList<GuestView> All => [.. _guests.Values.OrderBy(g => g.Created)];

    public string? LastStartFailure(string service) => _lastStartFailure.GetValueOrDefault(service);

    public void Apply(GuestReady e)
    {
        _guests.AddOrUpdate(
            e.GuestId,
            _ => new GuestView
            {
                Id = e.GuestId,
                Service = e.Service,
                State = "Running",
                Driver = e.Driver,
                Accelerator = e.Accelerator,
                Agent = e.AgentId,
                Endpoint = e.Endpoint,
                Created = e.CreatedAt,
                LastActivity = e.CreatedAt,
            },
            (_, existing) => existing with { State = "Running", Endpoint = e.Endpoint });
        _lastStartFailure.TryRemove(e.Service, out _);
    }

    public void Apply(GuestStartFailed e) => _lastStartFailure[e.Service] = e.Reason;

    public void Apply(GuestPaused e) => Update(e.GuestId, g => g with { State = "Paused" });

    public void Apply(GuestResumed e) => Update(e.GuestId, g => g with { State = "Running", Endpoint = e.Endpoint, LastActivity = Max(g.LastActivity, e.ResumedAt) });

    public void Apply(GuestDestroyed e) => _guests.TryRemove(e.GuestId, out _);

    public void Apply(GuestFailed e)
    {
        Update(e.GuestId, g => g with { State = "Failed", Reason = e.Reason, Endpoint = null });
        _failedOrder.Enqueue(e.GuestId);
        while (_failedOrder.Count > FailedKept && _failedOrder.TryDequeue(out var old))
        {
            _guests.TryRemove(old, out _);
        }
    }

    public void Apply(GuestActivity e)
    {
        foreach (var entry in e.Entries)
        {
            Update(entry.GuestId, g => g with { LastActivity = Max(g.LastActivity, entry.LastActivity) });
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private void Update(Guid id, Func<GuestView, GuestView> change)
    {
        while (_guests.TryGetValue(id, out var current))
        {
            if (_guests.TryUpdate(id, change(current), current))
            {
                return;
            }
        }
    }
}
