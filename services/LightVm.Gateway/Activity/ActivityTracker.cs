using System.Collections.Concurrent;
using LightVm.Contracts;

namespace LightVm.Gateway.Activity;

/// <summary>
/// Per-guest traffic seen by this gateway: requests in flight, last activity, and the count since the last
/// batch. Batches become GuestActivity events for the agents' idle reapers.
/// </summary>
public sealed class ActivityTracker(TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, GuestTraffic> _guests = new();

    public void Begin(Guid guestId)
    {
        var traffic = _guests.GetOrAdd(guestId, _ => new GuestTraffic());
        Interlocked.Increment(ref traffic.InFlight);
        Interlocked.Increment(ref traffic.Requests);
        traffic.Touch(time.GetUtcNow());
    }

    public void End(Guid guestId)
    {
        if (_guests.TryGetValue(guestId, out var traffic))
        {
            Interlocked.Decrement(ref traffic.InFlight);
            Interlocked.Increment(ref traffic.Ended);
            traffic.Touch(time.GetUtcNow());
        }
    }

    public int InFlight(Guid guestId) => _guests.TryGetValue(guestId, out var t) ? Volatile.Read(ref t.InFlight) : 0;

    public DateTimeOffset? LastActivity(Guid guestId) => _guests.TryGetValue(guestId, out var t) ? t.Last : null;

    public void Forget(Guid guestId) => _guests.TryRemove(guestId, out _);

    /// <summary>Entries for guests with traffic since the previous call (or requests still in flight).</summary>
    public IReadOnlyList<GuestActivityEntry> Drain()
    {
        var now = time.GetUtcNow();
        var entries = new List<GuestActivityEntry>();
        foreach (var (id, traffic) in _guests)
        {
            var requests = Interlocked.Exchange(ref traffic.Requests, 0);
            var ended = Interlocked.Exchange(ref traffic.Ended, 0);
            var inFlight = Volatile.Read(ref traffic.InFlight);

            // A request that began before the previous batch and ended since moves the guest's last activity to its
            // end: without this entry the agent would idle the guest from the batch before, and the gateway, which
            // saw the later end, would wake the just-paused guest again at once.
            if (requests > 0 || inFlight > 0 || ended > 0)
            {
                // A request still in flight keeps its guest busy: report it as active now.
                entries.Add(new GuestActivityEntry { GuestId = id, LastActivity = inFlight > 0 ? now : traffic.Last, Requests = requests });
            }
        }

        return entries;
    }
}
