using System.Collections.Concurrent;
using LightVm.Contracts;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Dom0.Guests;

/// <summary>The guests this agent hosts, plus a bounded memory of the ones it destroyed.</summary>
public sealed class GuestRegistry
{
    private const int TombstoneLimit = 4096;
    private readonly ConcurrentDictionary<Guid, Guest> _guests = new();
    private readonly ConcurrentDictionary<Guid, string> _tombstones = new();
    private readonly ConcurrentQueue<Guid> _tombstoneOrder = new();

    public IReadOnlyCollection<Guest> All => [.. _guests.Values];

    public int Count => _guests.Count;

    public void Add(Guest guest) => _guests[guest.Id] = guest;

    public bool TryGet(Guid id, out Guest guest) => _guests.TryGetValue(id, out guest!);

    /// <summary>The service's guest that can take traffic (or be woken), if any.</summary>
    public Guest? FindLive(string service) =>
        _guests.Values.FirstOrDefault(g => string.Equals(g.Service, service, StringComparison.OrdinalIgnoreCase)
                                           && g.State is GuestState.Running or GuestState.Paused);

    /// <summary>Moves the last-activity mark of the guests a gateway saw traffic for (others' guests are skipped).</summary>
    public void RecordActivity(GuestActivity batch)
    {
        foreach (var entry in batch.Entries)
        {
            if (TryGet(entry.GuestId, out var guest))
            {
                guest.RecordActivity(entry.LastActivity);
            }
        }
    }

    /// <summary>Forgets the guest, remembering why; false when it was gone already.</summary>
    public bool Remove(Guest guest, string reason)
    {
        if (!_guests.TryRemove(guest.Id, out _))
        {
            return false;
        }

        _tombstones[guest.Id] = reason;
        _tombstoneOrder.Enqueue(guest.Id);
        while (_tombstoneOrder.Count > TombstoneLimit && _tombstoneOrder.TryDequeue(out var old))
        {
            _tombstones.TryRemove(old, out _);
        }

        return true;
    }

    public bool WasDestroyed(Guid id, out string reason) => _tombstones.TryGetValue(id, out reason!);
}
