using LightVm.Gateway.Routing;
using LightVm.Policies;
using LightVm.Testing;
using LightVm.Testing.Services;

namespace LightVm.Gateway.Tests.Routing;

/// <summary>Requests through the activator: forwarded, refused, or held while one guest is asked for.</summary>
public sealed class RouteActivatorTests : RouteTestBed
{
    [Fact]
    public void AcquireAsync_NoGuest_SendsOneSpinUpAndHolds()
    {
        var acquire = Activator.AcquireAsync(Policy, CancellationToken.None);

        Assert.False(acquire.IsCompleted);
        var spinUp = Assert.Single(Commands.SpinUps);
        Assert.Equal(TestPolicies.DefaultService, spinUp.Service);
        Assert.NotEqual(Guid.Empty, spinUp.RequestId);
        Assert.Empty(Commands.Resumes);
        Assert.Equal(RouteState.Starting, Table.StateOf(TestPolicies.DefaultService));
    }

    [Fact]
    public async Task AcquireAsync_TwoInstanceKeys_SpinUpOneGuestEach()
    {
        var policy = Policy with { InstancePer = InstancePer.Host };

        var alice = Activator.AcquireAsync(policy, "alice." + policy.Name, CancellationToken.None);
        var bob = Activator.AcquireAsync(policy, "bob." + policy.Name, CancellationToken.None);

        Assert.Equal(["alice." + policy.Name, "bob." + policy.Name], Commands.SpinUps.Select(s => s.Service));
        Events.Apply(Ready(Guid.NewGuid(), Commands.SpinUps[0].RequestId) with { Service = "alice." + policy.Name });
        Assert.Equal(ActivationKind.Cold, (await alice).Kind);
        Assert.False(bob.IsCompleted);
        Assert.Equal(RouteState.Ready, Table.StateOf("alice." + policy.Name));
        Assert.Equal(RouteState.Starting, Table.StateOf("bob." + policy.Name));
    }

    [Fact]
    public async Task AcquireAsync_FiftyConcurrent_OneSpinUpAndAllCompleteOnReady()
    {
        // StartNew does not unwrap: the outer task ends once AcquireAsync returned, i.e. the request is held.
        var starts = Enumerable.Range(0, 50)
            .Select(_ => Task.Factory.StartNew(
                () => Activator.AcquireAsync(Policy, CancellationToken.None),
                CancellationToken.None,
                TaskCreationOptions.None,
                TaskScheduler.Default))
            .ToList();
        var acquires = await Task.WhenAll(starts);

        Assert.Single(Commands.SpinUps);
        Assert.All(acquires, a => Assert.False(a.IsCompleted));

        var guestId = Guid.NewGuid();
        Events.Apply(Ready(guestId, Commands.SpinUps[0].RequestId));
        var activations = await Task.WhenAll(acquires);

        Assert.All(activations, a =>
        {
            Assert.Equal(ActivationKind.Cold, a.Kind);
            Assert.Equal(guestId, a.GuestId);
        });
        Assert.Single(Commands.SpinUps);
    }

    [Fact]
    public async Task AcquireAsync_BeyondMaxHeld_GetsFullAtOnce()
    {
        var policy = TestPolicies.Make(startTimeout: StartTimeout, maxHeld: 2);
        var held = new[] { Activator.AcquireAsync(policy, CancellationToken.None), Activator.AcquireAsync(policy, CancellationToken.None) };

        var refused = Activator.AcquireAsync(policy, CancellationToken.None);

        Assert.True(refused.IsCompleted);
        var activation = await refused;
        Assert.Equal(ActivationKind.Full, activation.Kind);
        Assert.False(activation.Succeeded);
        Assert.Contains("maxHeld 2", activation.Reason, StringComparison.Ordinal);
        Assert.All(held, h => Assert.False(h.IsCompleted));
        Assert.Single(Commands.SpinUps);
    }

    [Fact]
    public async Task AcquireAsync_NoReadyWithinStartTimeout_TimesOutAndReleasesHold()
    {
        var policy = TestPolicies.Make(startTimeout: StartTimeout, maxHeld: 1);
        var acquire = Activator.AcquireAsync(policy, CancellationToken.None);

        Time.Advance(StartTimeout);
        var activation = await acquire;

        Assert.Equal(ActivationKind.Timeout, activation.Kind);
        Assert.Equal(StartTimeout, activation.Held);
        Assert.Contains("startTimeout", activation.Reason, StringComparison.Ordinal);

        // maxHeld is 1: had the timed-out request kept its place, the next one would be refused as Full.
        var next = Activator.AcquireAsync(policy, CancellationToken.None);
        Assert.False(next.IsCompleted);
    }

    [Fact]
    public async Task AcquireAsync_AfterStaleStart_SendsNewSpinUp()
    {
        var first = Activator.AcquireAsync(Policy, CancellationToken.None);
        Time.Advance(StartTimeout + TimeSpan.FromMilliseconds(1));
        Assert.Equal(ActivationKind.Timeout, (await first).Kind);

        var second = Activator.AcquireAsync(Policy, CancellationToken.None);

        Assert.Equal(2, Commands.SpinUps.Count);
        Events.Apply(Ready(Guid.NewGuid(), Commands.SpinUps[1].RequestId));
        Assert.Equal(ActivationKind.Cold, (await second).Kind);
    }

    [Fact]
    public async Task AcquireAsync_RouteReady_WarmWithoutCommands()
    {
        var guestId = await ReadyRouteAsync();

        var activation = await Activator.AcquireAsync(Policy, CancellationToken.None);

        Assert.Equal(ActivationKind.Warm, activation.Kind);
        Assert.Equal(guestId, activation.GuestId);
        Assert.Equal(GuestEndpoint, activation.Endpoint);
        Assert.Null(activation.Timings);
        Assert.Single(Commands.SpinUps);
        Assert.Empty(Commands.Resumes);
    }

    [Fact]
    public async Task AcquireAsync_Paused_SendsOneResumeAndCompletesResumedOnResumed()
    {
        var guestId = await ReadyRouteAsync();
        Events.Apply(Paused(guestId, idleSince: Time.GetUtcNow()));
        Assert.Empty(Commands.Resumes);

        var first = Activator.AcquireAsync(Policy, CancellationToken.None);
        var second = Activator.AcquireAsync(Policy, CancellationToken.None);

        Assert.Equal(new ResumeCall(TestPolicies.DefaultService, guestId), Assert.Single(Commands.Resumes));
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        Events.Apply(Resumed(guestId));

        Assert.All(await Task.WhenAll(first, second), a =>
        {
            Assert.Equal(ActivationKind.Resumed, a.Kind);
            Assert.Equal(guestId, a.GuestId);
            Assert.Equal(GuestEndpoint, a.Endpoint);
        });
        Assert.Equal(RouteState.Ready, Table.StateOf(TestPolicies.DefaultService));
        Assert.Single(Commands.SpinUps);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_ReleasesHold()
    {
        var policy = TestPolicies.Make(startTimeout: StartTimeout, maxHeld: 1);
        using var cancel = new CancellationTokenSource();
        var acquire = Activator.AcquireAsync(policy, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => acquire);
        Assert.False(Activator.AcquireAsync(policy, CancellationToken.None).IsCompleted);
    }
}
