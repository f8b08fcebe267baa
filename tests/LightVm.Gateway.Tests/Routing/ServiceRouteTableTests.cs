using LightVm.Contracts;
using LightVm.Gateway.Activity;
using LightVm.Gateway.Routing;
using LightVm.Policies;
using LightVm.Testing;
using LightVm.Testing.Services;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LightVm.Gateway.Tests.Routing;

public sealed class ServiceRouteTableTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly Uri GuestEndpoint = new("http://127.77.0.9:8080");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingGuestCommands _commands = new();
    private readonly ActivityTracker _activity;
    private readonly ServiceRouteTable _table;
    private readonly ServicePolicy _policy = TestPolicies.Make(startTimeout: StartTimeout, maxHeld: 100);

    public ServiceRouteTableTests()
    {
        _activity = new ActivityTracker(_time);
        _table = new ServiceRouteTable(_commands, _activity, _time, NullLogger<ServiceRouteTable>.Instance);
    }

    [Fact]
    public void AcquireAsync_NoGuest_SendsOneSpinUpAndHolds()
    {
        var acquire = _table.AcquireAsync(_policy, CancellationToken.None);

        Assert.False(acquire.IsCompleted);
        var spinUp = Assert.Single(_commands.SpinUps);
        Assert.Equal(TestPolicies.DefaultService, spinUp.Service);
        Assert.NotEqual(Guid.Empty, spinUp.RequestId);
        Assert.Empty(_commands.Resumes);
        Assert.Equal(RouteState.Starting, _table.StateOf(TestPolicies.DefaultService));
    }

    [Fact]
    public async Task AcquireAsync_TwoInstanceKeys_SpinUpOneGuestEach()
    {
        var policy = _policy with { InstancePer = InstancePer.Host };

        var alice = _table.AcquireAsync(policy, "alice." + policy.Name, CancellationToken.None);
        var bob = _table.AcquireAsync(policy, "bob." + policy.Name, CancellationToken.None);

        Assert.Equal(["alice." + policy.Name, "bob." + policy.Name], _commands.SpinUps.Select(s => s.Service));
        _table.OnReady(Ready(Guid.NewGuid(), _commands.SpinUps[0].RequestId) with { Service = "alice." + policy.Name });
        Assert.Equal(ActivationKind.Cold, (await alice).Kind);
        Assert.False(bob.IsCompleted);
        Assert.Equal(RouteState.Ready, _table.StateOf("alice." + policy.Name));
        Assert.Equal(RouteState.Starting, _table.StateOf("bob." + policy.Name));
    }

    [Fact]
    public async Task OnReady_HeldRequest_CompletesColdWithTimings()
    {
        var acquire = _table.AcquireAsync(_policy, CancellationToken.None);
        var ready = Ready(Guid.NewGuid(), _commands.SpinUps[0].RequestId);
        _time.Advance(TimeSpan.FromMilliseconds(40));

        _table.OnReady(ready);
        var activation = await acquire;

        Assert.Equal(ActivationKind.Cold, activation.Kind);
        Assert.True(activation.Succeeded);
        Assert.Equal(ready.GuestId, activation.GuestId);
        Assert.Equal(GuestEndpoint, activation.Endpoint);
        Assert.Equal(ready.Timings, activation.Timings);
        Assert.Equal(TimeSpan.FromMilliseconds(40), activation.Held);
        Assert.Equal(RouteState.Ready, _table.StateOf(TestPolicies.DefaultService));
    }

    [Fact]
    public async Task AcquireAsync_FiftyConcurrent_OneSpinUpAndAllCompleteOnReady()
    {
        // StartNew does not unwrap: the outer task ends once AcquireAsync returned, i.e. the request is held.
        var starts = Enumerable.Range(0, 50)
            .Select(_ => Task.Factory.StartNew(
                () => _table.AcquireAsync(_policy, CancellationToken.None),
                CancellationToken.None,
                TaskCreationOptions.None,
                TaskScheduler.Default))
            .ToList();
        var acquires = await Task.WhenAll(starts);

        Assert.Single(_commands.SpinUps);
        Assert.All(acquires, a => Assert.False(a.IsCompleted));

        var guestId = Guid.NewGuid();
        _table.OnReady(Ready(guestId, _commands.SpinUps[0].RequestId));
        var activations = await Task.WhenAll(acquires);

        Assert.All(activations, a =>
        {
            Assert.Equal(ActivationKind.Cold, a.Kind);
            Assert.Equal(guestId, a.GuestId);
        });
        Assert.Single(_commands.SpinUps);
    }

    [Fact]
    public async Task AcquireAsync_BeyondMaxHeld_GetsFullAtOnce()
    {
        var policy = TestPolicies.Make(startTimeout: StartTimeout, maxHeld: 2);
        var held = new[] { _table.AcquireAsync(policy, CancellationToken.None), _table.AcquireAsync(policy, CancellationToken.None) };

        var refused = _table.AcquireAsync(policy, CancellationToken.None);

        Assert.True(refused.IsCompleted);
        var activation = await refused;
        Assert.Equal(ActivationKind.Full, activation.Kind);
        Assert.False(activation.Succeeded);
        Assert.Contains("maxHeld 2", activation.Reason, StringComparison.Ordinal);
        Assert.All(held, h => Assert.False(h.IsCompleted));
        Assert.Single(_commands.SpinUps);
    }

    [Fact]
    public async Task AcquireAsync_NoReadyWithinStartTimeout_TimesOutAndReleasesHold()
    {
        var policy = TestPolicies.Make(startTimeout: StartTimeout, maxHeld: 1);
        var acquire = _table.AcquireAsync(policy, CancellationToken.None);

        _time.Advance(StartTimeout);
        var activation = await acquire;

        Assert.Equal(ActivationKind.Timeout, activation.Kind);
        Assert.Equal(StartTimeout, activation.Held);
        Assert.Contains("startTimeout", activation.Reason, StringComparison.Ordinal);

        // maxHeld is 1: had the timed-out request kept its place, the next one would be refused as Full.
        var next = _table.AcquireAsync(policy, CancellationToken.None);
        Assert.False(next.IsCompleted);
    }

    [Fact]
    public async Task AcquireAsync_AfterStaleStart_SendsNewSpinUp()
    {
        var first = _table.AcquireAsync(_policy, CancellationToken.None);
        _time.Advance(StartTimeout + TimeSpan.FromMilliseconds(1));
        Assert.Equal(ActivationKind.Timeout, (await first).Kind);

        var second = _table.AcquireAsync(_policy, CancellationToken.None);

        Assert.Equal(2, _commands.SpinUps.Count);
        _table.OnReady(Ready(Guid.NewGuid(), _commands.SpinUps[1].RequestId));
        Assert.Equal(ActivationKind.Cold, (await second).Kind);
    }

    [Fact]
    public async Task OnStartFailed_MatchingRequest_FailsHeldRequestsWithReason()
    {
        var acquires = new[] { _table.AcquireAsync(_policy, CancellationToken.None), _table.AcquireAsync(_policy, CancellationToken.None) };

        _table.OnStartFailed(StartFailed(_commands.SpinUps[0].RequestId, "image is broken"));
        var activations = await Task.WhenAll(acquires);

        Assert.All(activations, a =>
        {
            Assert.Equal(ActivationKind.Failed, a.Kind);
            Assert.Equal("image is broken", a.Reason);
            Assert.False(a.Succeeded);
        });
        Assert.Equal(RouteState.None, _table.StateOf(TestPolicies.DefaultService));
    }

    [Fact]
    public async Task OnStartFailed_OtherRequestId_IsIgnored()
    {
        var acquire = _table.AcquireAsync(_policy, CancellationToken.None);

        _table.OnStartFailed(StartFailed(Guid.NewGuid(), "someone else's failure"));

        Assert.False(acquire.IsCompleted);
        Assert.Equal(RouteState.Starting, _table.StateOf(TestPolicies.DefaultService));
        _table.OnReady(Ready(Guid.NewGuid(), _commands.SpinUps[0].RequestId));
        Assert.Equal(ActivationKind.Cold, (await acquire).Kind);
    }

    [Fact]
    public async Task OnStartFailed_ThenAcquire_SpinsUpAgain()
    {
        var acquire = _table.AcquireAsync(_policy, CancellationToken.None);
        _table.OnStartFailed(StartFailed(_commands.SpinUps[0].RequestId, "no"));
        await acquire;

        _ = _table.AcquireAsync(_policy, CancellationToken.None);

        Assert.Equal(2, _commands.SpinUps.Count);
    }

    [Fact]
    public async Task AcquireAsync_RouteReady_WarmWithoutCommands()
    {
        var guestId = await ReadyRouteAsync();

        var activation = await _table.AcquireAsync(_policy, CancellationToken.None);

        Assert.Equal(ActivationKind.Warm, activation.Kind);
        Assert.Equal(guestId, activation.GuestId);
        Assert.Equal(GuestEndpoint, activation.Endpoint);
        Assert.Null(activation.Timings);
        Assert.Single(_commands.SpinUps);
        Assert.Empty(_commands.Resumes);
    }

    [Fact]
    public async Task OnReady_ServiceAlreadyHasOtherGuest_KeepsFirst()
    {
        var guestId = await ReadyRouteAsync();

        _table.OnReady(Ready(Guid.NewGuid(), Guid.NewGuid()) with { Endpoint = new Uri("http://127.77.0.10:8080") });

        var activation = await _table.AcquireAsync(_policy, CancellationToken.None);
        Assert.Equal(guestId, activation.GuestId);
        Assert.Equal(GuestEndpoint, activation.Endpoint);
    }

    [Fact]
    public async Task AcquireAsync_Paused_SendsOneResumeAndCompletesResumedOnResumed()
    {
        var guestId = await ReadyRouteAsync();
        _table.OnPaused(Paused(guestId, idleSince: _time.GetUtcNow()));
        Assert.Empty(_commands.Resumes);

        var first = _table.AcquireAsync(_policy, CancellationToken.None);
        var second = _table.AcquireAsync(_policy, CancellationToken.None);

        Assert.Equal(new ResumeCall(TestPolicies.DefaultService, guestId), Assert.Single(_commands.Resumes));
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        _table.OnResumed(Resumed(guestId));

        Assert.All(await Task.WhenAll(first, second), a =>
        {
            Assert.Equal(ActivationKind.Resumed, a.Kind);
            Assert.Equal(guestId, a.GuestId);
            Assert.Equal(GuestEndpoint, a.Endpoint);
        });
        Assert.Equal(RouteState.Ready, _table.StateOf(TestPolicies.DefaultService));
        Assert.Single(_commands.SpinUps);
    }

    [Fact]
    public async Task OnPaused_RequestInFlight_SendsResumeAtOnce()
    {
        var guestId = await ReadyRouteAsync();
        _activity.Begin(guestId);

        _table.OnPaused(Paused(guestId, idleSince: _time.GetUtcNow()));

        Assert.Equal(guestId, Assert.Single(_commands.Resumes).GuestId);

        // Requests arriving meanwhile wait for that resume instead of sending another.
        var acquire = _table.AcquireAsync(_policy, CancellationToken.None);
        Assert.Single(_commands.Resumes);
        _table.OnResumed(Resumed(guestId));
        Assert.Equal(ActivationKind.Resumed, (await acquire).Kind);
    }

    [Fact]
    public async Task OnPaused_ActivityNewerThanIdleSince_SendsResumeAtOnce()
    {
        var guestId = await ReadyRouteAsync();
        var idleSince = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromSeconds(1));
        _activity.Begin(guestId);
        _activity.End(guestId);

        _table.OnPaused(Paused(guestId, idleSince));

        Assert.Equal(guestId, Assert.Single(_commands.Resumes).GuestId);
    }

    [Fact]
    public async Task OnPaused_ActivityOlderThanIdleSince_WaitsForNextRequest()
    {
        var guestId = await ReadyRouteAsync();
        _activity.Begin(guestId);
        _activity.End(guestId);
        _time.Advance(TimeSpan.FromSeconds(1));

        _table.OnPaused(Paused(guestId, idleSince: _time.GetUtcNow()));

        Assert.Empty(_commands.Resumes);
        Assert.Equal(RouteState.Paused, _table.StateOf(TestPolicies.DefaultService));
    }

    [Fact]
    public async Task OnPaused_OtherGuest_IsIgnored()
    {
        await ReadyRouteAsync();

        _table.OnPaused(Paused(Guid.NewGuid(), _time.GetUtcNow()));

        Assert.Equal(RouteState.Ready, _table.StateOf(TestPolicies.DefaultService));
    }

    [Fact]
    public async Task OnGone_ReadyRoute_RemovesRouteAndNextAcquireSpinsUp()
    {
        var guestId = await ReadyRouteAsync();
        var changes = 0;
        _table.Changed += () => changes++;

        _table.OnGone(TestPolicies.DefaultService, guestId, "destroyed: idle");

        Assert.Equal(RouteState.None, _table.StateOf(TestPolicies.DefaultService));
        Assert.Empty(_table.Snapshot());
        Assert.Equal(1, changes);
        var acquire = _table.AcquireAsync(_policy, CancellationToken.None);
        Assert.False(acquire.IsCompleted);
        Assert.Equal(2, _commands.SpinUps.Count);
    }

    [Fact]
    public async Task OnGone_RequestsHeldForResume_SendsSpinUpAndCompletesColdOnReady()
    {
        var guestId = await ReadyRouteAsync();
        _table.OnPaused(Paused(guestId, _time.GetUtcNow()));
        var held = _table.AcquireAsync(_policy, CancellationToken.None);
        Assert.Single(_commands.Resumes);

        _table.OnGone(TestPolicies.DefaultService, guestId, "destroyed: idle");

        Assert.Equal(2, _commands.SpinUps.Count);
        Assert.Equal(RouteState.Starting, _table.StateOf(TestPolicies.DefaultService));
        Assert.False(held.IsCompleted);
        var newGuest = Guid.NewGuid();
        _table.OnReady(Ready(newGuest, _commands.SpinUps[1].RequestId));
        var activation = await held;
        Assert.Equal(ActivationKind.Cold, activation.Kind);
        Assert.Equal(newGuest, activation.GuestId);
    }

    [Fact]
    public async Task OnGone_OtherGuest_IsIgnored()
    {
        await ReadyRouteAsync();

        _table.OnGone(TestPolicies.DefaultService, Guid.NewGuid(), "not ours");

        Assert.Equal(RouteState.Ready, _table.StateOf(TestPolicies.DefaultService));
    }

    [Fact]
    public async Task Snapshot_ReadyRoute_ListsServiceGuestAndEndpoint()
    {
        var guestId = await ReadyRouteAsync();

        var entry = Assert.Single(_table.Snapshot());

        Assert.Equal((TestPolicies.DefaultService, guestId, GuestEndpoint, RouteState.Ready), entry);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_ReleasesHold()
    {
        var policy = TestPolicies.Make(startTimeout: StartTimeout, maxHeld: 1);
        using var cancel = new CancellationTokenSource();
        var acquire = _table.AcquireAsync(policy, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => acquire);
        Assert.False(_table.AcquireAsync(policy, CancellationToken.None).IsCompleted);
    }

    private static GuestReady Ready(Guid guestId, Guid requestId) => new()
    {
        GuestId = guestId,
        Service = TestPolicies.DefaultService,
        RequestId = requestId,
        AgentId = "agent",
        Driver = "fake",
        Endpoint = GuestEndpoint,
        CreatedAt = DateTimeOffset.UnixEpoch,
        ColdShell = false,
        Timings = new GuestTimings { QueueMs = 1, ShellMs = 2, ExecuteMs = 3, ReadyMs = 4 },
    };

    private static GuestStartFailed StartFailed(Guid requestId, string reason) =>
        new() { RequestId = requestId, Service = TestPolicies.DefaultService, Reason = reason };

    private GuestPaused Paused(Guid guestId, DateTimeOffset idleSince) =>
        new() { GuestId = guestId, Service = TestPolicies.DefaultService, IdleSince = idleSince, PausedAt = _time.GetUtcNow() };

    private GuestResumed Resumed(Guid guestId) =>
        new() { GuestId = guestId, Service = TestPolicies.DefaultService, Endpoint = GuestEndpoint, ResumedAt = _time.GetUtcNow(), ResumeMs = 0.5 };

    /// <summary>Spins the service's route up through the table: one SpinUp, answered by GuestReady.</summary>
    private async Task<Guid> ReadyRouteAsync()
    {
        var acquire = _table.AcquireAsync(_policy, CancellationToken.None);
        var guestId = Guid.NewGuid();
        _table.OnReady(Ready(guestId, _commands.SpinUps[^1].RequestId));
        Assert.Equal(ActivationKind.Cold, (await acquire).Kind);
        return guestId;
    }
}
