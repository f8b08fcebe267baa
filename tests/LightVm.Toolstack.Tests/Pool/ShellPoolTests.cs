using LightVm.Testing;
using LightVm.Toolstack.Pool;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LightVm.Toolstack.Tests.Pool;

public sealed class ShellPoolTests : IAsyncLifetime
{
    private static readonly TimeSpan FillLimit = TimeSpan.FromSeconds(30);
    private readonly List<ShellPool> _pools = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var pool in _pools)
        {
            await pool.DisposeAsync();
        }
    }

    [Fact]
    public async Task Configure_Target_FillsToTarget()
    {
        var driver = new FakeGuestDriver();
        var pool = NewPool(driver);

        pool.Configure(TestPolicies.Spec(), 3);

        Assert.True(await pool.WaitFilledAsync(FillLimit, CancellationToken.None));
        var stats = pool.Stats(TestPolicies.DefaultService);
        Assert.Equal(3, stats.Ready);
        Assert.Equal(3, stats.Target);
        Assert.Equal(3, stats.Prepared);
        Assert.Equal(0, stats.ColdCreates);
        Assert.Equal(3, driver.Shells.Count);
    }

    [Fact]
    public async Task Configure_TargetRaised_FillsUpToNewTarget()
    {
        var driver = new FakeGuestDriver();
        var pool = NewPool(driver);
        pool.Configure(TestPolicies.Spec(), 1);
        Assert.True(await pool.WaitFilledAsync(FillLimit, CancellationToken.None));

        pool.Configure(TestPolicies.Spec(), 4);

        Assert.True(await pool.WaitFilledAsync(FillLimit, CancellationToken.None));
        Assert.Equal(4, pool.Stats(TestPolicies.DefaultService).Ready);
        Assert.Equal(4, driver.Shells.Count);
    }

    [Fact]
    public async Task TakeAsync_FilledPool_ReturnsPooledShellAndRefills()
    {
        var driver = new FakeGuestDriver();
        var pool = NewPool(driver);
        pool.Configure(TestPolicies.Spec(), 2);
        Assert.True(await pool.WaitFilledAsync(FillLimit, CancellationToken.None));
        var pooled = driver.Shells.Select(s => s.Id).ToHashSet();

        var (shell, cold) = await pool.TakeAsync(TestPolicies.Spec(), CancellationToken.None);

        Assert.False(cold);
        Assert.Contains(shell.Id, pooled);
        Assert.True(await pool.WaitFilledAsync(FillLimit, CancellationToken.None));
        var stats = pool.Stats(TestPolicies.DefaultService);
        Assert.Equal(2, stats.Ready);
        Assert.Equal(3, stats.Prepared);
        Assert.Equal(0, stats.ColdCreates);
        Assert.DoesNotContain(shell.Id, driver.Destroyed);
    }

    [Fact]
    public async Task TakeAsync_RefillPrepareBlocks_ReturnsWithoutWaitingForTheRefill()
    {
        var driver = new FakeGuestDriver();
        var pool = NewPool(driver);
        pool.Configure(TestPolicies.Spec(), 1);
        Assert.True(await pool.WaitFilledAsync(FillLimit, CancellationToken.None));
        using var refillMayRun = new ManualResetEventSlim();
        driver.BeforePrepare = refillMayRun.Wait;
        try
        {
            // The refill this take starts prepares synchronously and blocks; the take must not wait for it.
            var take = Task.Run(() => pool.TakeAsync(TestPolicies.Spec(), CancellationToken.None));
            var finished = await Task.WhenAny(take, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.True(finished == take, "TakeAsync waited for the refill's prepare: the refill runs on the request path.");
            var (shell, cold) = await take;

            Assert.False(cold);
            Assert.Equal(driver.Shells[0].Id, shell.Id);
            Assert.Equal(1, pool.Stats(TestPolicies.DefaultService).Prepared);
        }
        finally
        {
            refillMayRun.Set();
        }

        Assert.True(await pool.WaitFilledAsync(FillLimit, CancellationToken.None));
        Assert.Equal(2, driver.Shells.Count);
    }

    [Fact]
    public async Task TakeAsync_ColdSlotsBusyPastTheWait_ThrowsAndMakesNothing()
    {
        var driver = new FakeGuestDriver();
        var pool = NewPool(driver, coldConcurrency: 1);
        using var firstMayFinish = new ManualResetEventSlim();
        driver.BeforePrepare = firstMayFinish.Wait;
        var first = Task.Run(() => pool.TakeAsync(TestPolicies.Spec(), CancellationToken.None));
        await Eventually.TrueAsync(() => pool.Stats(TestPolicies.DefaultService).ColdCreates == 1, "the first cold create");

        var error = await Assert.ThrowsAsync<GuestStartException>(
            () => pool.TakeAsync(TestPolicies.Spec(), CancellationToken.None, TimeSpan.FromMilliseconds(100)));
        firstMayFinish.Set();
        var (shell, cold) = await first;

        Assert.Contains("cold slots", error.Message, StringComparison.Ordinal);
        Assert.True(cold);
        Assert.Equal(shell.Id, Assert.Single(driver.Shells).Id);
        Assert.Equal(1, pool.Stats(TestPolicies.DefaultService).ColdCreates);
    }

    [Fact]
    public async Task TakeAsync_ColdSlotFreedWithinTheWait_MakesTheShell()
    {
        var driver = new FakeGuestDriver();
        var pool = NewPool(driver, coldConcurrency: 1);
        using var firstMayFinish = new ManualResetEventSlim();
        driver.BeforePrepare = firstMayFinish.Wait;
        var first = Task.Run(() => pool.TakeAsync(TestPolicies.Spec(), CancellationToken.None));
        await Eventually.TrueAsync(() => pool.Stats(TestPolicies.DefaultService).ColdCreates == 1, "the first cold create");

        var second = pool.TakeAsync(TestPolicies.Spec(), CancellationToken.None, TimeSpan.FromSeconds(30));
        firstMayFinish.Set();
        await first;
        var (_, cold) = await second;

        Assert.True(cold);
        Assert.Equal(2, driver.Shells.Count);
    }

    [Fact]
    public async Task TakeAsync_TargetZero_CreatesColdAndCountsIt()
    {
        var driver = new FakeGuestDriver();
        var pool = NewPool(driver);

        var (shell, cold) = await pool.TakeAsync(TestPolicies.Spec(), CancellationToken.None);

        Assert.True(cold);
        Assert.Equal(shell.Id, Assert.Single(driver.Shells).Id);
        var stats = pool.Stats(TestPolicies.DefaultService);
        Assert.Equal(1, stats.ColdCreates);
        Assert.Equal(0, stats.Ready);
        Assert.Equal(0, stats.Prepared);
    }

    [Fact]
    public async Task TakeAsync_ShellCrashedInPool_DiscardsAndDestroysItNeverHandsItOut()
    {
        var driver = new FakeGuestDriver();
        var pool = NewPool(driver);
        pool.Configure(TestPolicies.Spec(), 1);
        Assert.True(await pool.WaitFilledAsync(FillLimit, CancellationToken.None));
        var crashed = Assert.Single(driver.Shells);

        crashed.Crash();
        var (shell, cold) = await pool.TakeAsync(TestPolicies.Spec(), CancellationToken.None);

        Assert.NotEqual(crashed.Id, shell.Id);
        Assert.False(shell.HasExited);
        Assert.True(cold);
        Assert.Contains(crashed.Id, driver.Destroyed);
        var stats = pool.Stats(TestPolicies.DefaultService);
        Assert.Equal(1, stats.Discarded);
        Assert.Equal(1, stats.ColdCreates);
    }

    [Fact]
    public async Task TakeAsync_OneOfTwoPooledCrashed_HandsOutTheLiveOne()
    {
        var driver = new FakeGuestDriver();
        var pool = NewPool(driver, concurrency: 1); // one at a time: the pool queues shells in the order they were made
        pool.Configure(TestPolicies.Spec(), 2);
        Assert.True(await pool.WaitFilledAsync(FillLimit, CancellationToken.None));
        var shells = driver.Shells;
        shells[0].Crash();

        var (shell, cold) = await pool.TakeAsync(TestPolicies.Spec(), CancellationToken.None);

        Assert.Equal(shells[1].Id, shell.Id);
        Assert.False(cold);
        Assert.Equal(1, pool.Stats(TestPolicies.DefaultService).Discarded);
        Assert.Contains(shells[0].Id, driver.Destroyed);
    }

    [Fact]
    public async Task Refill_PrepareFails_CountsFailuresAndRetriesWithGrowingBackoff()
    {
        var time = new FakeTimeProvider();
        var driver = new FakeGuestDriver(time);
        driver.FailNextPrepares(3);
        var pool = NewPool(driver, time: time);

        pool.Configure(TestPolicies.Spec(), 1);
        await Eventually.TrueAsync(
            () => pool.Stats(TestPolicies.DefaultService).Ready == 1,
            () => time.Advance(TimeSpan.FromMilliseconds(50)),
            "the pool to fill after three failed prepares");

        var stats = pool.Stats(TestPolicies.DefaultService);
        Assert.Equal(3, stats.Failures);
        Assert.Equal(1, stats.Prepared);
        Assert.Contains("Fake prepare", stats.LastError, StringComparison.Ordinal);
        var attempts = driver.Calls
            .Where(c => c.Operation is DriverOperation.Prepare or DriverOperation.PrepareFailed)
            .Select(c => c.At)
            .ToList();
        Assert.Equal(4, attempts.Count);

        // 100 ms * 2^failures: each retry waits at least twice as long as the one before.
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromMilliseconds(200), $"first retry after {attempts[1] - attempts[0]}");
        Assert.True(attempts[2] - attempts[1] >= TimeSpan.FromMilliseconds(400), $"second retry after {attempts[2] - attempts[1]}");
        Assert.True(attempts[3] - attempts[2] >= TimeSpan.FromMilliseconds(800), $"third retry after {attempts[3] - attempts[2]}");
    }

    [Fact]
    public async Task Refill_PrepareFails_NoRetryBeforeBackoffElapses()
    {
        var time = new FakeTimeProvider();
        var driver = new FakeGuestDriver(time);
        driver.FailNextPrepares(1);
        var pool = NewPool(driver, time: time);

        pool.Configure(TestPolicies.Spec(), 1);
        await Eventually.TrueAsync(() => pool.Stats(TestPolicies.DefaultService).Failures == 1, "the first prepare to fail");

        // The fake clock has not moved: the retry is still waiting for its backoff.
        Assert.Empty(driver.CallsOf(DriverOperation.Prepare));
        Assert.Equal(0, pool.Stats(TestPolicies.DefaultService).Ready);

        await Eventually.TrueAsync(
            () => pool.Stats(TestPolicies.DefaultService).Ready == 1,
            () => time.Advance(TimeSpan.FromMilliseconds(50)),
            "the retry after the backoff");
        Assert.Single(driver.CallsOf(DriverOperation.Prepare));
    }

    [Fact]
    public async Task TakeAsync_WhilePreparesFail_NeverHandsOutAFailedShell()
    {
        var time = new FakeTimeProvider();
        var driver = new FakeGuestDriver(time) { FailAllPrepares = true };
        var pool = NewPool(driver, time: time);
        pool.Configure(TestPolicies.Spec(), 2);
        await Eventually.TrueAsync(() => pool.Stats(TestPolicies.DefaultService).Failures >= 1, "a failed prepare");

        await Assert.ThrowsAsync<GuestStartException>(() => pool.TakeAsync(TestPolicies.Spec(), CancellationToken.None));

        Assert.Empty(driver.Shells);
        var stats = pool.Stats(TestPolicies.DefaultService);
        Assert.Equal(0, stats.Ready);
        Assert.True(stats.Failures >= 1);
    }

    [Fact]
    public async Task DisposeAsync_FilledPool_DestroysEveryPooledShell()
    {
        var driver = new FakeGuestDriver();
        var pool = new ShellPool(new GuestDriverCatalog([driver]), TimeProvider.System, NullLogger<ShellPool>.Instance);
        pool.Configure(TestPolicies.Spec(), 3);
        Assert.True(await pool.WaitFilledAsync(FillLimit, CancellationToken.None));

        await pool.DisposeAsync();

        Assert.Equal(3, driver.Shells.Count);
        Assert.All(driver.Shells, s => Assert.True(s.Destroyed));
        Assert.Equal(3, driver.Destroyed.Count);
    }

    [Fact]
    public async Task DisposeAsync_ShellTakenBefore_LeavesItToItsOwner()
    {
        var driver = new FakeGuestDriver();
        var pool = new ShellPool(new GuestDriverCatalog([driver]), TimeProvider.System, NullLogger<ShellPool>.Instance);
        pool.Configure(TestPolicies.Spec(), 1);
        Assert.True(await pool.WaitFilledAsync(FillLimit, CancellationToken.None));
        var (taken, _) = await pool.TakeAsync(TestPolicies.Spec(), CancellationToken.None);

        await pool.DisposeAsync();

        Assert.DoesNotContain(taken.Id, driver.Destroyed);
        Assert.All(driver.Shells.Where(s => s.Id != taken.Id), s => Assert.True(s.Destroyed));
    }

    [Fact]
    public async Task DisposeAsync_RefillWaitingOnBackoff_StopsWithoutPreparing()
    {
        var time = new FakeTimeProvider();
        var driver = new FakeGuestDriver(time) { FailAllPrepares = true };
        var pool = new ShellPool(new GuestDriverCatalog([driver]), time, NullLogger<ShellPool>.Instance);
        pool.Configure(TestPolicies.Spec(), 1);
        await Eventually.TrueAsync(() => pool.Stats(TestPolicies.DefaultService).Failures == 1, "a failed prepare");

        await pool.DisposeAsync();
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Single(driver.CallsOf(DriverOperation.PrepareFailed));
        Assert.Empty(driver.Shells);
    }

    [Fact]
    public void Stats_UnknownService_IsEmpty()
    {
        var pool = NewPool(new FakeGuestDriver());

        var stats = pool.Stats("nobody");

        Assert.Equal("nobody", stats.Service);
        Assert.Equal(0, stats.Ready);
        Assert.Equal(0, stats.Target);
    }

    private ShellPool NewPool(FakeGuestDriver driver, TimeProvider? time = null, int concurrency = 2, int coldConcurrency = 0)
    {
        var pool = new ShellPool(new GuestDriverCatalog([driver]), time ?? TimeProvider.System, NullLogger<ShellPool>.Instance, concurrency, coldConcurrency);
        _pools.Add(pool);
        return pool;
    }
}
