using LightVm.Noxs;
using LightVm.Testing;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Toolstack.Tests.Lifecycle;

public sealed class GuestTests
{
    private static readonly DateTimeOffset Created = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeGuestDriver _driver = new();

    [Fact]
    public void New_Always_IsPreparedAndNotYetLive()
    {
        var guest = NewGuest();

        Assert.Equal(GuestState.Prepared, guest.State);
        Assert.False(guest.IsLive);
        Assert.Equal(Created, guest.LastActivity);
    }

    [Fact]
    public async Task ExecuteAsync_WhilePrepared_MovesToExecutingAndCallsDriver()
    {
        var guest = NewGuest();

        await guest.ExecuteAsync(Page(guest), CancellationToken.None);

        Assert.Equal(GuestState.Executing, guest.State);
        Assert.Single(_driver.CallsOf(DriverOperation.Execute));
    }

    [Fact]
    public async Task MarkReadyAsync_WhileExecuting_MovesToRunning()
    {
        var guest = await ExecutingAsync();

        await guest.MarkReadyAsync();

        Assert.Equal(GuestState.Running, guest.State);
    }

    [Fact]
    public async Task PauseAsync_WhileRunning_MovesToPausedAndCallsDriver()
    {
        var guest = await RunningAsync();

        await guest.PauseAsync(CancellationToken.None);

        Assert.Equal(GuestState.Paused, guest.State);
        Assert.True(guest.CanResume);
        Assert.Single(_driver.CallsOf(DriverOperation.Pause));
    }

    [Fact]
    public async Task ResumeAsync_WhilePaused_MovesBackToRunning()
    {
        var guest = await RunningAsync();
        await guest.PauseAsync(CancellationToken.None);

        await guest.ResumeAsync(CancellationToken.None);

        Assert.Equal(GuestState.Running, guest.State);
        Assert.Single(_driver.CallsOf(DriverOperation.Resume));
    }

    [Fact]
    public async Task PauseResume_Repeated_AlternatesBetweenRunningAndPaused()
    {
        var guest = await RunningAsync();

        for (var i = 0; i < 3; i++)
        {
            await guest.PauseAsync(CancellationToken.None);
            Assert.Equal(GuestState.Paused, guest.State);
            await guest.ResumeAsync(CancellationToken.None);
            Assert.Equal(GuestState.Running, guest.State);
        }
    }

    [Theory]
    [InlineData(GuestState.Prepared)]
    [InlineData(GuestState.Executing)]
    [InlineData(GuestState.Running)]
    [InlineData(GuestState.Paused)]
    public async Task DestroyAsync_FromAnyStateButFailed_MovesToDestroyedAndFreesShell(GuestState from)
    {
        var guest = await InStateAsync(from);

        await guest.DestroyAsync(CancellationToken.None);

        Assert.Equal(GuestState.Destroyed, guest.State);
        Assert.False(guest.IsLive);
        Assert.False(guest.CanDestroy);
        Assert.Contains(guest.Id, _driver.Destroyed);
    }

    [Theory]
    [InlineData(GuestState.Prepared)]
    [InlineData(GuestState.Executing)]
    [InlineData(GuestState.Running)]
    [InlineData(GuestState.Paused)]
    public async Task MarkFailedAsync_FromAnyReachableState_MovesToFailedWithReason(GuestState from)
    {
        var guest = await InStateAsync(from);

        await guest.MarkFailedAsync("boom");

        Assert.Equal(GuestState.Failed, guest.State);
        Assert.Equal("boom", guest.FailureReason);
        Assert.False(guest.IsLive);
        Assert.True(guest.CanDestroy);
    }

    [Theory]
    [InlineData(GuestState.Executing)]
    [InlineData(GuestState.Running)]
    [InlineData(GuestState.Paused)]
    public async Task IsLive_ExecutingRunningOrPaused_IsTrue(GuestState state)
    {
        var guest = await InStateAsync(state);

        Assert.True(guest.IsLive);
    }

    [Fact]
    public async Task DestroyAsync_WhileFailed_MovesToDestroyed()
    {
        var guest = await RunningAsync();
        await guest.MarkFailedAsync("boom");

        await guest.DestroyAsync(CancellationToken.None);

        Assert.Equal(GuestState.Destroyed, guest.State);
        Assert.Contains(guest.Id, _driver.Destroyed);
    }

    [Fact]
    public async Task PauseAsync_WhilePrepared_ThrowsNamingState()
    {
        var guest = NewGuest();

        var error = await Assert.ThrowsAsync<GuestStateException>(() => guest.PauseAsync(CancellationToken.None));

        Assert.Contains("Pause", error.Message, StringComparison.Ordinal);
        Assert.Contains("Prepared", error.Message, StringComparison.Ordinal);
        Assert.Equal(GuestState.Prepared, guest.State);
        Assert.Empty(_driver.CallsOf(DriverOperation.Pause));
    }

    [Fact]
    public async Task ResumeAsync_WhileRunning_ThrowsNamingState()
    {
        var guest = await RunningAsync();

        var error = await Assert.ThrowsAsync<GuestStateException>(() => guest.ResumeAsync(CancellationToken.None));

        Assert.Contains("Resume", error.Message, StringComparison.Ordinal);
        Assert.Contains("Running", error.Message, StringComparison.Ordinal);
        Assert.Equal(GuestState.Running, guest.State);
        Assert.Empty(_driver.CallsOf(DriverOperation.Resume));
    }

    [Fact]
    public async Task ExecuteAsync_Twice_SecondThrowsNamingState()
    {
        var guest = await ExecutingAsync();

        var error = await Assert.ThrowsAsync<GuestStateException>(() => guest.ExecuteAsync(Page(guest), CancellationToken.None));

        Assert.Contains("Executing", error.Message, StringComparison.Ordinal);
        Assert.Single(_driver.CallsOf(DriverOperation.Execute));
    }

    [Fact]
    public async Task MarkReadyAsync_WhilePrepared_Throws()
    {
        var guest = NewGuest();

        var error = await Assert.ThrowsAsync<GuestStateException>(guest.MarkReadyAsync);

        Assert.Contains("Prepared", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PauseAsync_WhilePaused_Throws()
    {
        var guest = await RunningAsync();
        await guest.PauseAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<GuestStateException>(() => guest.PauseAsync(CancellationToken.None));

        Assert.Contains("Paused", error.Message, StringComparison.Ordinal);
        Assert.Single(_driver.CallsOf(DriverOperation.Pause));
    }

    [Fact]
    public async Task ResumeAsync_WhileFailed_Throws()
    {
        var guest = await RunningAsync();
        await guest.MarkFailedAsync("boom");

        var error = await Assert.ThrowsAsync<GuestStateException>(() => guest.ResumeAsync(CancellationToken.None));

        Assert.Contains("Failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyIntent_AfterDestroyed_ThrowsNamingDestroyed()
    {
        var guest = await RunningAsync();
        await guest.DestroyAsync(CancellationToken.None);
        var intents = new Func<Task>[]
        {
            () => guest.ExecuteAsync(Page(guest), CancellationToken.None),
            guest.MarkReadyAsync,
            () => guest.PauseAsync(CancellationToken.None),
            () => guest.ResumeAsync(CancellationToken.None),
            () => guest.MarkFailedAsync("late"),
            () => guest.DestroyAsync(CancellationToken.None),
        };

        foreach (var intent in intents)
        {
            var error = await Assert.ThrowsAsync<GuestStateException>(intent);
            Assert.Contains("Destroyed", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(GuestState.Destroyed, guest.State);
        Assert.Single(_driver.CallsOf(DriverOperation.Destroy));
    }

    [Fact]
    public async Task TryMarkFailedAsync_AfterDestroyed_ReturnsFalse()
    {
        var guest = await RunningAsync();
        await guest.DestroyAsync(CancellationToken.None);

        Assert.False(await guest.TryMarkFailedAsync("late"));
        Assert.Equal(GuestState.Destroyed, guest.State);
        Assert.Null(guest.FailureReason);
    }

    [Fact]
    public async Task CanPause_DriverWithoutPauseCapability_IsFalseAndPauseThrows()
    {
        var driver = new FakeGuestDriver(capabilities: DriverCapabilities.None);
        var guest = new Guest(new FakeShell(TestPolicies.Spec(), Created), driver, Created);
        await guest.ExecuteAsync(Page(guest), CancellationToken.None);
        await guest.MarkReadyAsync();

        Assert.False(guest.CanPause);
        var error = await Assert.ThrowsAsync<GuestStateException>(() => guest.PauseAsync(CancellationToken.None));
        Assert.Contains("cannot pause", error.Message, StringComparison.Ordinal);
        Assert.Equal(GuestState.Running, guest.State);
        Assert.Empty(driver.CallsOf(DriverOperation.Pause));
    }

    [Fact]
    public async Task CanPause_RunningWithPauseCapability_IsTrue()
    {
        var guest = await RunningAsync();

        Assert.True(guest.CanPause);
        Assert.False(guest.CanResume);
    }

    [Fact]
    public void CanPause_WhilePrepared_IsFalse()
    {
        Assert.False(NewGuest().CanPause);
    }

    [Fact]
    public void RecordActivity_Later_MovesMarkForward()
    {
        var guest = NewGuest();

        guest.RecordActivity(Created.AddSeconds(5));

        Assert.Equal(Created.AddSeconds(5), guest.LastActivity);
    }

    [Fact]
    public void RecordActivity_Earlier_NeverMovesMarkBack()
    {
        var guest = NewGuest();
        guest.RecordActivity(Created.AddSeconds(10));

        guest.RecordActivity(Created.AddSeconds(3));
        guest.RecordActivity(Created.AddSeconds(-60));

        Assert.Equal(Created.AddSeconds(10), guest.LastActivity);
    }

    [Fact]
    public async Task RecordActivity_ConcurrentWriters_KeepsLatest()
    {
        var guest = NewGuest();

        await Task.WhenAll(Enumerable.Range(1, 200).Select(i => Task.Run(() => guest.RecordActivity(Created.AddMilliseconds(i)))));

        Assert.Equal(Created.AddMilliseconds(200), guest.LastActivity);
    }

    [Fact]
    public void RecordActivity_OtherOffset_ComparesInstants()
    {
        var guest = NewGuest();
        guest.RecordActivity(Created.AddHours(1));

        // The same instant as Created + 30 min, written with a +02:00 offset: earlier than the mark.
        guest.RecordActivity(Created.AddMinutes(30).ToOffset(TimeSpan.FromHours(2)));

        Assert.Equal(Created.AddHours(1), guest.LastActivity);
    }

    private static DevicePage Page(Guest guest) => new() { Generation = 1, GuestId = guest.Id, Service = guest.Service };

    private Guest NewGuest() => new(new FakeShell(TestPolicies.Spec(), Created), _driver, Created);

    private async Task<Guest> ExecutingAsync()
    {
        var guest = NewGuest();
        await guest.ExecuteAsync(Page(guest), CancellationToken.None);
        return guest;
    }

    private async Task<Guest> RunningAsync()
    {
        var guest = await ExecutingAsync();
        await guest.MarkReadyAsync();
        return guest;
    }

    private async Task<Guest> InStateAsync(GuestState state)
    {
        switch (state)
        {
            case GuestState.Prepared:
                return NewGuest();
            case GuestState.Executing:
                return await ExecutingAsync();
            case GuestState.Running:
                return await RunningAsync();
            case GuestState.Paused:
                var guest = await RunningAsync();
                await guest.PauseAsync(CancellationToken.None);
                return guest;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, "not reachable through intents");
        }
    }
}
