using LightVm.Gateway.Routing;
using Microsoft.Extensions.Time.Testing;

namespace LightVm.Gateway.Tests.Routing;

public sealed class HoldQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly Activation Cold = new() { Kind = ActivationKind.Cold, GuestId = Guid.NewGuid(), Endpoint = new Uri("http://127.77.0.9:8080") };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly HoldQueue _queue;

    public HoldQueueTests() => _queue = new HoldQueue("hello", _time);

    [Fact]
    public void TryEnter_BelowCapacity_TakesPlaces()
    {
        using var first = _queue.TryEnter(2, Timeout);
        using var second = _queue.TryEnter(2, Timeout);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(2, _queue.Count);
        Assert.False(_queue.HasRoom(2));
    }

    [Fact]
    public void TryEnter_Full_ReturnsNull()
    {
        using var first = _queue.TryEnter(1, Timeout);

        Assert.Null(_queue.TryEnter(1, Timeout));
        Assert.Equal(1, _queue.Count);
    }

    [Fact]
    public void Dispose_Twice_GivesThePlaceBackOnce()
    {
        var first = _queue.TryEnter(2, Timeout)!;
        using var second = _queue.TryEnter(2, Timeout);

        first.Dispose();
        first.Dispose();

        Assert.Equal(1, _queue.Count);
        Assert.True(_queue.HasRoom(2));
    }

    [Fact]
    public async Task Release_HeldPlaces_AllGetTheOutcomeWithTheirHeldTime()
    {
        using var first = _queue.TryEnter(10, Timeout)!;
        _time.Advance(TimeSpan.FromMilliseconds(30));
        using var second = _queue.TryEnter(10, Timeout)!;
        var waits = new[] { first.WaitAsync(CancellationToken.None), second.WaitAsync(CancellationToken.None) };
        _time.Advance(TimeSpan.FromMilliseconds(10));

        _queue.Release(Cold);
        var outcomes = await Task.WhenAll(waits);

        Assert.All(outcomes, o => Assert.Equal(Cold with { Held = o.Held }, o));
        Assert.Equal(TimeSpan.FromMilliseconds(40), outcomes[0].Held);
        Assert.Equal(TimeSpan.FromMilliseconds(10), outcomes[1].Held);
        Assert.False(_queue.IsOwed);
        Assert.Equal(2, _queue.Count);
    }

    [Fact]
    public async Task Release_ThenEnter_NewHoldWaitsForTheNextRelease()
    {
        using var before = _queue.TryEnter(10, Timeout)!;
        _queue.Release(Cold);

        using var after = _queue.TryEnter(10, Timeout)!;
        var wait = after.WaitAsync(CancellationToken.None);

        Assert.Equal(ActivationKind.Cold, (await before.WaitAsync(CancellationToken.None)).Kind);
        Assert.False(wait.IsCompleted);
        Assert.True(_queue.IsOwed);
        _queue.Release(new Activation { Kind = ActivationKind.Resumed });
        Assert.Equal(ActivationKind.Resumed, (await wait).Kind);
    }

    [Fact]
    public async Task WaitAsync_DeadlinePassed_TimesOutNamingRouteAndStartTimeout()
    {
        using var hold = _queue.TryEnter(10, Timeout)!;
        var wait = hold.WaitAsync(CancellationToken.None);

        _time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.False(wait.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var outcome = await wait;

        Assert.Equal(ActivationKind.Timeout, outcome.Kind);
        Assert.Equal(Timeout, outcome.Held);
        Assert.Equal("no guest for 'hello' within startTimeout 10s", outcome.Reason);
    }

    [Fact]
    public async Task WaitAsync_EachHold_HasItsOwnDeadline()
    {
        using var early = _queue.TryEnter(10, Timeout)!;
        _time.Advance(TimeSpan.FromSeconds(4));
        using var late = _queue.TryEnter(10, Timeout)!;
        var earlyWait = early.WaitAsync(CancellationToken.None);
        var lateWait = late.WaitAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(ActivationKind.Timeout, (await earlyWait).Kind);
        Assert.False(lateWait.IsCompleted);
        _queue.Release(Cold);
        Assert.Equal(ActivationKind.Cold, (await lateWait).Kind);
    }

    [Fact]
    public async Task WaitAsync_AfterDeadline_TimesOutAtOnce()
    {
        using var hold = _queue.TryEnter(10, Timeout)!;
        _time.Advance(Timeout);

        var outcome = await hold.WaitAsync(CancellationToken.None);

        Assert.Equal(ActivationKind.Timeout, outcome.Kind);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        using var hold = _queue.TryEnter(10, Timeout)!;
        using var cancel = new CancellationTokenSource();
        var wait = hold.WaitAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public void IsOwed_NoPlaces_IsFalse()
    {
        Assert.False(_queue.IsOwed);
        using (_queue.TryEnter(10, Timeout))
        {
            Assert.True(_queue.IsOwed);
        }

        Assert.False(_queue.IsOwed);
    }

    [Fact]
    public async Task TryEnter_Concurrent_NeverExceedsCapacity()
    {
        var entered = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => _queue.TryEnter(16, Timeout))));

        Assert.Equal(16, entered.Count(h => h is not null));
        Assert.Equal(16, _queue.Count);
        foreach (var hold in entered)
        {
            hold?.Dispose();
        }

        Assert.Equal(0, _queue.Count);
    }
}
