using LightVm.Gateway.Routing;
using LightVm.Testing;

namespace LightVm.Gateway.Tests.Routing;

/// <summary>Guest events applied to the routes, and what the gateway sends because of them.</summary>
public sealed class RouteEventsTests : RouteTestBed
{
    [Fact]
    public async Task ApplyReady_HeldRequest_CompletesColdWithTimings()
    {
        var acquire = Activator.AcquireAsync(Policy, CancellationToken.None);
        var ready = Ready(Guid.NewGuid(), Commands.SpinUps[0].RequestId);
        Time.Advance(TimeSpan.FromMilliseconds(40));

        Events.Apply(ready);
        var activation = await acquire;

        Assert.Equal(ActivationKind.Cold, activation.Kind);
        Assert.True(activation.Succeeded);
        Assert.Equal(ready.GuestId, activation.GuestId);
        Assert.Equal(GuestEndpoint, activation.Endpoint);
        Assert.Equal(ready.Timings, activation.Timings);
        Assert.Equal(TimeSpan.FromMilliseconds(40), activation.Held);
        Assert.Equal(RouteState.Ready, Table.StateOf(TestPolicies.DefaultService));
    }

    [Fact]
    public async Task ApplyStartFailed_MatchingRequest_FailsHeldRequestsWithReason()
    {
        var acquires = new[] { Activator.AcquireAsync(Policy, CancellationToken.None), Activator.AcquireAsync(Policy, CancellationToken.None) };

        Events.Apply(StartFailed(Commands.SpinUps[0].RequestId, "image is broken"));
        var activations = await Task.WhenAll(acquires);

        Assert.All(activations, a =>
        {
            Assert.Equal(ActivationKind.Failed, a.Kind);
            Assert.Equal("image is broken", a.Reason);
            Assert.False(a.Succeeded);
        });
        Assert.Equal(RouteState.None, Table.StateOf(TestPolicies.DefaultService));
    }

    [Fact]
    public async Task ApplyStartFailed_OtherRequestId_IsIgnored()
    {
        var acquire = Activator.AcquireAsync(Policy, CancellationToken.None);

        Events.Apply(StartFailed(Guid.NewGuid(), "someone else's failure"));

        Assert.False(acquire.IsCompleted);
        Assert.Equal(RouteState.Starting, Table.StateOf(TestPolicies.DefaultService));
        Events.Apply(Ready(Guid.NewGuid(), Commands.SpinUps[0].RequestId));
        Assert.Equal(ActivationKind.Cold, (await acquire).Kind);
    }

    [Fact]
    public async Task ApplyStartFailed_ThenAcquire_SpinsUpAgain()
    {
        var acquire = Activator.AcquireAsync(Policy, CancellationToken.None);
        Events.Apply(StartFailed(Commands.SpinUps[0].RequestId, "no"));
        await acquire;

        _ = Activator.AcquireAsync(Policy, CancellationToken.None);

        Assert.Equal(2, Commands.SpinUps.Count);
    }

    [Fact]
    public async Task ApplyReady_ServiceAlreadyHasOtherGuest_KeepsFirst()
    {
        var guestId = await ReadyRouteAsync();

        Events.Apply(Ready(Guid.NewGuid(), Guid.NewGuid()) with { Endpoint = new Uri("http://127.77.0.10:8080") });

        var activation = await Activator.AcquireAsync(Policy, CancellationToken.None);
        Assert.Equal(guestId, activation.GuestId);
        Assert.Equal(GuestEndpoint, activation.Endpoint);
    }

    [Fact]
    public async Task ApplyPaused_RequestInFlight_SendsResumeAtOnce()
    {
        var guestId = await ReadyRouteAsync();
        Activity.Begin(guestId);

        Events.Apply(Paused(guestId, idleSince: Time.GetUtcNow()));

        Assert.Equal(guestId, Assert.Single(Commands.Resumes).GuestId);

        // Requests arriving meanwhile wait for that resume instead of sending another.
        var acquire = Activator.AcquireAsync(Policy, CancellationToken.None);
        Assert.Single(Commands.Resumes);
        Events.Apply(Resumed(guestId));
        Assert.Equal(ActivationKind.Resumed, (await acquire).Kind);
    }

    [Fact]
    public async Task ApplyPaused_ActivityNewerThanIdleSince_SendsResumeAtOnce()
    {
        var guestId = await ReadyRouteAsync();
        var idleSince = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromSeconds(1));
        Activity.Begin(guestId);
        Activity.End(guestId);

        Events.Apply(Paused(guestId, idleSince));

        Assert.Equal(guestId, Assert.Single(Commands.Resumes).GuestId);
    }

    [Fact]
    public async Task ApplyPaused_ActivityOlderThanIdleSince_WaitsForNextRequest()
    {
        var guestId = await ReadyRouteAsync();
        Activity.Begin(guestId);
        Activity.End(guestId);
        Time.Advance(TimeSpan.FromSeconds(1));

        Events.Apply(Paused(guestId, idleSince: Time.GetUtcNow()));

        Assert.Empty(Commands.Resumes);
        Assert.Equal(RouteState.Paused, Table.StateOf(TestPolicies.DefaultService));
    }

    [Fact]
    public async Task ApplyPaused_OtherGuest_IsIgnored()
    {
        await ReadyRouteAsync();

        Events.Apply(Paused(Guid.NewGuid(), Time.GetUtcNow()));

        Assert.Equal(RouteState.Ready, Table.StateOf(TestPolicies.DefaultService));
    }

    [Fact]
    public async Task ApplyDestroyed_ReadyRoute_RemovesRouteAndNextAcquireSpinsUp()
    {
        var guestId = await ReadyRouteAsync();
        var changes = 0;
        Table.Changed += () => changes++;

        Events.Apply(Destroyed(guestId, "idle"));

        Assert.Equal(RouteState.None, Table.StateOf(TestPolicies.DefaultService));
        Assert.Empty(Table.Snapshot());
        Assert.Equal(1, changes);
        var acquire = Activator.AcquireAsync(Policy, CancellationToken.None);
        Assert.False(acquire.IsCompleted);
        Assert.Equal(2, Commands.SpinUps.Count);
    }

    [Fact]
    public async Task ApplyDestroyed_RequestsHeldForResume_SendsSpinUpAndCompletesColdOnReady()
    {
        var guestId = await ReadyRouteAsync();
        Events.Apply(Paused(guestId, Time.GetUtcNow()));
        var held = Activator.AcquireAsync(Policy, CancellationToken.None);
        Assert.Single(Commands.Resumes);

        Events.Apply(Destroyed(guestId, "idle"));

        Assert.Equal(2, Commands.SpinUps.Count);
        Assert.Equal(RouteState.Starting, Table.StateOf(TestPolicies.DefaultService));
        Assert.False(held.IsCompleted);
        var newGuest = Guid.NewGuid();
        Events.Apply(Ready(newGuest, Commands.SpinUps[1].RequestId));
        var activation = await held;
        Assert.Equal(ActivationKind.Cold, activation.Kind);
        Assert.Equal(newGuest, activation.GuestId);
    }

    [Fact]
    public async Task ApplyDestroyed_OtherGuest_IsIgnored()
    {
        await ReadyRouteAsync();

        Events.Apply(Destroyed(Guid.NewGuid(), "not ours"));

        Assert.Equal(RouteState.Ready, Table.StateOf(TestPolicies.DefaultService));
    }

    [Fact]
    public async Task ApplyFailed_ReadyRoute_FailsRouteAndNextAcquireSpinsUp()
    {
        var guestId = await ReadyRouteAsync();
        var changes = 0;
        Table.Changed += () => changes++;

        Events.Apply(Failed(guestId, "exit 139"));

        Assert.Equal(RouteState.Failed, Table.StateOf(TestPolicies.DefaultService));
        Assert.Empty(Table.Snapshot());
        Assert.Equal(1, changes);
        var acquire = Activator.AcquireAsync(Policy, CancellationToken.None);
        Assert.False(acquire.IsCompleted);
        Assert.Equal(2, Commands.SpinUps.Count);
        Assert.Equal(RouteState.Starting, Table.StateOf(TestPolicies.DefaultService));
    }

    [Fact]
    public async Task ApplyFailed_RequestsHeldForResume_SendsSpinUpAndCompletesColdOnReady()
    {
        var guestId = await ReadyRouteAsync();
        Events.Apply(Paused(guestId, Time.GetUtcNow()));
        var held = Activator.AcquireAsync(Policy, CancellationToken.None);

        Events.Apply(Failed(guestId, "exit 139"));

        Assert.Equal(2, Commands.SpinUps.Count);
        Assert.Equal(RouteState.Starting, Table.StateOf(TestPolicies.DefaultService));
        var newGuest = Guid.NewGuid();
        Events.Apply(Ready(newGuest, Commands.SpinUps[1].RequestId));
        Assert.Equal(newGuest, (await held).GuestId);
    }

    [Fact]
    public async Task ApplyDestroyed_FailedRoute_IsIgnored()
    {
        var guestId = await ReadyRouteAsync();
        Events.Apply(Failed(guestId, "exit 139"));
        var changes = 0;
        Table.Changed += () => changes++;

        Events.Apply(Destroyed(guestId, "failed"));

        Assert.Equal(RouteState.Failed, Table.StateOf(TestPolicies.DefaultService));
        Assert.Equal(0, changes);
    }

    [Fact]
    public async Task ApplyResumed_RouteWithoutGuest_IsIgnored()
    {
        var guestId = await ReadyRouteAsync();
        Events.Apply(Destroyed(guestId, "idle"));

        Events.Apply(Resumed(guestId));

        Assert.Equal(RouteState.None, Table.StateOf(TestPolicies.DefaultService));
        Assert.Empty(Table.Snapshot());
    }

    [Fact]
    public async Task ApplyPaused_Resuming_ResumeIsSentOnceUntilStartTimeout()
    {
        var guestId = await ReadyRouteAsync();
        Events.Apply(Paused(guestId, Time.GetUtcNow()));
        var first = Activator.AcquireAsync(Policy, CancellationToken.None);
        Assert.Equal(RouteState.Resuming, Table.StateOf(TestPolicies.DefaultService));

        Time.Advance(StartTimeout + TimeSpan.FromMilliseconds(1));
        Assert.Equal(ActivationKind.Timeout, (await first).Kind);
        var second = Activator.AcquireAsync(Policy, CancellationToken.None);

        Assert.Equal(2, Commands.Resumes.Count);
        Events.Apply(Resumed(guestId));
        Assert.Equal(ActivationKind.Resumed, (await second).Kind);
    }
}
