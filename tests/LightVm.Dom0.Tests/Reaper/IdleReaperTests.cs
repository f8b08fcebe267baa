using LightVm.Contracts;
using LightVm.Testing;
using LightVm.Toolstack;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Dom0.Tests.Reaper;

public sealed class IdleReaperTests : IAsyncLifetime
{
    private static readonly TimeSpan PauseAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DestroyAfter = TimeSpan.FromMinutes(5);
    private readonly AgentFixture _host = new(TestPolicies.Make(pauseAfter: PauseAfter, destroyAfter: DestroyAfter));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task SweepAsync_RunningIdleLessThanPauseAfter_StaysRunning()
    {
        var guest = await _host.RunningGuestAsync();

        _host.Time.Advance(PauseAfter - TimeSpan.FromMilliseconds(1));
        await _host.Reaper.SweepAsync(CancellationToken.None);

        Assert.Equal(GuestState.Running, guest.State);
        Assert.Empty(_host.Events.OfType<GuestPaused>());
        Assert.Empty(_host.Driver.CallsOf(DriverOperation.Pause));
    }

    [Fact]
    public async Task SweepAsync_RunningIdleForPauseAfter_PausesAndPublishesIdleSince()
    {
        var guest = await _host.RunningGuestAsync();
        var lastActivity = guest.LastActivity;

        _host.Time.Advance(PauseAfter);
        await _host.Reaper.SweepAsync(CancellationToken.None);

        Assert.Equal(GuestState.Paused, guest.State);
        Assert.Contains(_host.Driver.CallsOf(DriverOperation.Pause), c => c.ShellId == guest.Id);
        var paused = Assert.Single(_host.Events.OfType<GuestPaused>());
        Assert.Equal(guest.Id, paused.GuestId);
        Assert.Equal(TestPolicies.DefaultService, paused.Service);
        Assert.Equal(lastActivity, paused.IdleSince);
        Assert.Equal(_host.Time.GetUtcNow(), paused.PausedAt);
    }

    [Fact]
    public async Task SweepAsync_AlreadyPausedBeforeDestroyAfter_DoesNothingMore()
    {
        var guest = await _host.RunningGuestAsync();
        _host.Time.Advance(PauseAfter);
        await _host.Reaper.SweepAsync(CancellationToken.None);

        _host.Time.Advance(TimeSpan.FromSeconds(10));
        await _host.Reaper.SweepAsync(CancellationToken.None);

        Assert.Equal(GuestState.Paused, guest.State);
        Assert.Single(_host.Events.OfType<GuestPaused>());
        Assert.Single(_host.Driver.CallsOf(DriverOperation.Pause));
    }

    [Fact]
    public async Task SweepAsync_ActivityRecorded_ResetsIdleClock()
    {
        var guest = await _host.RunningGuestAsync();
        _host.Time.Advance(TimeSpan.FromSeconds(20));
        var active = _host.Time.GetUtcNow();

        _host.Registry.RecordActivity(_host.Activity(guest, active));
        _host.Time.Advance(TimeSpan.FromSeconds(20));
        await _host.Reaper.SweepAsync(CancellationToken.None);

        Assert.Equal(GuestState.Running, guest.State);
        Assert.Empty(_host.Events.OfType<GuestPaused>());

        _host.Time.Advance(TimeSpan.FromSeconds(10));
        await _host.Reaper.SweepAsync(CancellationToken.None);

        Assert.Equal(GuestState.Paused, guest.State);
        Assert.Equal(active, Assert.Single(_host.Events.OfType<GuestPaused>()).IdleSince);
    }

    [Fact]
    public async Task SweepAsync_ActivityForUnknownGuest_IsIgnored()
    {
        var guest = await _host.RunningGuestAsync();
        var stranger = new GuestActivity
        {
            GatewayId = "test-gateway",
            Entries = [new GuestActivityEntry { GuestId = Guid.NewGuid(), LastActivity = _host.Time.GetUtcNow().AddHours(1), Requests = 3 }],
        };

        _host.Registry.RecordActivity(stranger);
        _host.Time.Advance(PauseAfter);
        await _host.Reaper.SweepAsync(CancellationToken.None);

        Assert.Equal(GuestState.Paused, guest.State);
    }

    [Fact]
    public async Task SweepAsync_RunningIdleForDestroyAfter_DestroysRemovesAndPublishes()
    {
        var guest = await _host.RunningGuestAsync();

        _host.Time.Advance(DestroyAfter);
        await _host.Reaper.SweepAsync(CancellationToken.None);

        Assert.Equal(GuestState.Destroyed, guest.State);
        Assert.Equal(0, _host.Registry.Count);
        Assert.True(_host.Registry.WasDestroyed(guest.Id, out _));
        Assert.Contains(guest.Id, _host.Driver.Destroyed);
        var destroyed = Assert.Single(_host.Events.OfType<GuestDestroyed>());
        Assert.Equal(guest.Id, destroyed.GuestId);
        Assert.Equal(TestPolicies.DefaultService, destroyed.Service);
        Assert.Contains("idle", destroyed.Reason, StringComparison.Ordinal);
        Assert.Empty(_host.Events.OfType<GuestPaused>());
    }

    [Fact]
    public async Task SweepAsync_PausedGuestPastDestroyAfter_Destroys()
    {
        var guest = await _host.RunningGuestAsync();
        _host.Time.Advance(PauseAfter);
        await _host.Reaper.SweepAsync(CancellationToken.None);
        Assert.Equal(GuestState.Paused, guest.State);

        _host.Time.Advance(DestroyAfter - PauseAfter);
        await _host.Reaper.SweepAsync(CancellationToken.None);

        Assert.Equal(GuestState.Destroyed, guest.State);
        Assert.Equal(0, _host.Registry.Count);
        Assert.Equal(guest.Id, Assert.Single(_host.Events.OfType<GuestDestroyed>()).GuestId);
        Assert.Contains(guest.Id, _host.Driver.Destroyed);
    }

    [Fact]
    public async Task SweepAsync_DriverCannotPause_KeepsRunningUntilDestroyAfter()
    {
        await using var host = new AgentFixture(DriverCapabilities.None, TestPolicies.Make(pauseAfter: PauseAfter, destroyAfter: DestroyAfter));
        var guest = await host.RunningGuestAsync();

        host.Time.Advance(PauseAfter);
        await host.Reaper.SweepAsync(CancellationToken.None);

        Assert.Equal(GuestState.Running, guest.State);
        Assert.Empty(host.Events.OfType<GuestPaused>());

        host.Time.Advance(DestroyAfter - PauseAfter);
        await host.Reaper.SweepAsync(CancellationToken.None);

        Assert.Equal(GuestState.Destroyed, guest.State);
    }

    [Fact]
    public async Task SweepAsync_TwoServices_AppliesEachPolicy()
    {
        await using var host = new AgentFixture(
            TestPolicies.Make("fast", pauseAfter: TimeSpan.FromSeconds(5), destroyAfter: TimeSpan.FromSeconds(60)),
            TestPolicies.Make("slow", pauseAfter: TimeSpan.FromSeconds(50), destroyAfter: TimeSpan.FromSeconds(600)));
        var fast = await host.RunningGuestAsync("fast");
        var slow = await host.RunningGuestAsync("slow");

        host.Time.Advance(TimeSpan.FromSeconds(10));
        await host.Reaper.SweepAsync(CancellationToken.None);

        Assert.Equal(GuestState.Paused, fast.State);
        Assert.Equal(GuestState.Running, slow.State);
    }
}
