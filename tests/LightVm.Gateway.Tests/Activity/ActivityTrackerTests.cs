using LightVm.Gateway.Activity;
using Microsoft.Extensions.Time.Testing;

namespace LightVm.Gateway.Tests.Activity;

public sealed class ActivityTrackerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ActivityTracker _tracker;

    public ActivityTrackerTests()
    {
        _tracker = new ActivityTracker(_time);
    }

    [Fact]
    public void Drain_NoTraffic_IsEmpty()
    {
        Assert.Empty(_tracker.Drain());
    }

    [Fact]
    public void Drain_FinishedRequests_ReportsCountAndLastActivity()
    {
        var guest = Guid.NewGuid();
        _tracker.Begin(guest);
        _tracker.End(guest);
        _time.Advance(TimeSpan.FromSeconds(2));
        _tracker.Begin(guest);
        _time.Advance(TimeSpan.FromSeconds(1));
        _tracker.End(guest);
        var last = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromSeconds(5));

        var entry = Assert.Single(_tracker.Drain());

        Assert.Equal(guest, entry.GuestId);
        Assert.Equal(2, entry.Requests);
        Assert.Equal(last, entry.LastActivity);
    }

    [Fact]
    public void Drain_Twice_SecondIsEmptyWithoutNewTraffic()
    {
        var guest = Guid.NewGuid();
        _tracker.Begin(guest);
        _tracker.End(guest);
        _tracker.Drain();

        Assert.Empty(_tracker.Drain());
    }

    [Fact]
    public void Drain_NewTrafficAfterDrain_CountsOnlyTheNewRequests()
    {
        var guest = Guid.NewGuid();
        _tracker.Begin(guest);
        _tracker.End(guest);
        _tracker.Drain();

        _tracker.Begin(guest);
        _tracker.End(guest);

        Assert.Equal(1, Assert.Single(_tracker.Drain()).Requests);
    }

    [Fact]
    public void Drain_RequestThatEndedAfterThePreviousBatch_ReportsItsEndAsLastActivity()
    {
        var guest = Guid.NewGuid();
        _tracker.Begin(guest);
        _tracker.Drain();
        _time.Advance(TimeSpan.FromSeconds(3));
        _tracker.End(guest);
        var end = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromSeconds(1));

        var entry = Assert.Single(_tracker.Drain());

        Assert.Equal(0, entry.Requests);
        Assert.Equal(end, entry.LastActivity);
        Assert.Empty(_tracker.Drain());
    }

    [Fact]
    public void Drain_RequestStillInFlight_ReportsGuestActiveNow()
    {
        var guest = Guid.NewGuid();
        _tracker.Begin(guest);
        _tracker.Drain();
        _time.Advance(TimeSpan.FromMinutes(1));

        var entry = Assert.Single(_tracker.Drain());

        Assert.Equal(guest, entry.GuestId);
        Assert.Equal(0, entry.Requests);
        Assert.Equal(_time.GetUtcNow(), entry.LastActivity);
    }

    [Fact]
    public void Drain_SeveralGuests_OneEntryEach()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        _tracker.Begin(a);
        _tracker.End(a);
        _tracker.Begin(b);
        _tracker.End(b);
        _tracker.Begin(b);
        _tracker.End(b);

        var entries = _tracker.Drain().ToDictionary(e => e.GuestId, e => e.Requests);

        Assert.Equal(new Dictionary<Guid, int> { [a] = 1, [b] = 2 }, entries);
    }

    [Fact]
    public void InFlight_BeginAndEnd_CountsOpenRequests()
    {
        var guest = Guid.NewGuid();
        _tracker.Begin(guest);
        _tracker.Begin(guest);
        _tracker.End(guest);

        Assert.Equal(1, _tracker.InFlight(guest));
        Assert.Equal(0, _tracker.InFlight(Guid.NewGuid()));
    }

    [Fact]
    public void LastActivity_AfterEnd_IsEndTime()
    {
        var guest = Guid.NewGuid();
        _tracker.Begin(guest);
        _time.Advance(TimeSpan.FromSeconds(3));
        _tracker.End(guest);

        Assert.Equal(_time.GetUtcNow(), _tracker.LastActivity(guest));
        Assert.Null(_tracker.LastActivity(Guid.NewGuid()));
    }

    [Fact]
    public void Forget_KnownGuest_DropsItsTraffic()
    {
        var guest = Guid.NewGuid();
        _tracker.Begin(guest);

        _tracker.Forget(guest);

        Assert.Empty(_tracker.Drain());
        Assert.Equal(0, _tracker.InFlight(guest));
        Assert.Null(_tracker.LastActivity(guest));
    }

    [Fact]
    public void End_UnknownGuest_IsIgnored()
    {
        _tracker.End(Guid.NewGuid());

        Assert.Empty(_tracker.Drain());
    }

    [Fact]
    public async Task Drain_ConcurrentRequests_CountsEveryRequestOnce()
    {
        var guest = Guid.NewGuid();
        var drained = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                _tracker.Begin(guest);
                _tracker.End(guest);
            }
        })).Append(Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                Interlocked.Add(ref drained, _tracker.Drain().Sum(e => e.Requests));
            }
        })));
        drained += _tracker.Drain().Sum(e => e.Requests);

        Assert.Equal(8 * 500, drained);
    }
}
