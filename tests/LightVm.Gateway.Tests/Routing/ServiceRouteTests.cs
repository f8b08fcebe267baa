using LightVm.Gateway.Routing;
using LightVm.Policies;
using LightVm.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LightVm.Gateway.Tests.Routing;

public sealed class ServiceRouteTests
{
    private static readonly Uri Endpoint = new("http://127.77.0.9:8080");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ServicePolicy _policy = TestPolicies.Make(startTimeout: TimeSpan.FromSeconds(10), maxHeld: 2);
    private readonly ServiceRoute _route;

    public ServiceRouteTests() => _route = new ServiceRoute(TestPolicies.DefaultService, _time);

    [Fact]
    public void Admit_NoGuest_StartsAndHolds()
    {
        var admission = _route.Admit(_policy);

        Assert.Null(admission.Answer);
        Assert.NotNull(admission.Hold);
        Assert.NotNull(admission.SpinUp);
        Assert.Null(admission.Resume);
        Assert.Equal(RouteState.Starting, _route.State);
        Assert.Equal(1, _route.Holds.Count);
    }

    [Fact]
    public void Admit_Starting_HoldsWithoutAnotherStart()
    {
        _route.Admit(_policy);

        var second = _route.Admit(_policy);

        Assert.NotNull(second.Hold);
        Assert.Null(second.SpinUp);
        Assert.Null(second.Resume);
    }

    [Fact]
    public void Admit_Full_AnswersFullWithoutTakingAPlace()
    {
        _route.Admit(_policy);
        _route.Admit(_policy);

        var third = _route.Admit(_policy);

        Assert.Equal(ActivationKind.Full, third.Answer?.Kind);
        Assert.Equal("2 requests already wait for 'hello' (maxHeld 2)", third.Answer?.Reason);
        Assert.Null(third.Hold);
        Assert.Equal(2, _route.Holds.Count);
    }

    [Fact]
    public async Task Admit_StaleStart_StartsAgainAndReleasesTheOldHoldsAsSuperseded()
    {
        var first = _route.Admit(_policy);
        first.Hold!.Dispose();
        _time.Advance(TimeSpan.FromSeconds(5));
        var joined = _route.Admit(_policy);
        var waiting = joined.Hold!.WaitAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(1));

        var again = _route.Admit(_policy);

        Assert.NotNull(again.SpinUp);
        Assert.NotEqual(first.SpinUp, again.SpinUp);
        var superseded = await waiting;
        Assert.Equal(ActivationKind.Timeout, superseded.Kind);
        Assert.Equal("superseded by a new spin-up", superseded.Reason);
        Assert.False(again.Hold!.WaitAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void Admit_Ready_AnswersWarm()
    {
        var guestId = Guid.NewGuid();
        _route.MarkReady(guestId, Endpoint, timings: null);

        var admission = _route.Admit(_policy);

        Assert.Equal(ActivationKind.Warm, admission.Answer?.Kind);
        Assert.Equal(guestId, admission.Answer?.GuestId);
        Assert.Null(admission.Hold);
    }

    [Fact]
    public void Admit_Failed_StartsANewGuest()
    {
        var guestId = Guid.NewGuid();
        _route.MarkReady(guestId, Endpoint, timings: null);
        Assert.True(_route.Fail(guestId, out var respin));
        Assert.Null(respin);
        Assert.Equal(RouteState.Failed, _route.State);
        Assert.Null(_route.Destination);

        var admission = _route.Admit(_policy);

        Assert.NotNull(admission.SpinUp);
        Assert.Equal(RouteState.Starting, _route.State);
    }

    [Fact]
    public void Admit_Paused_ResumesOnce()
    {
        var guestId = Guid.NewGuid();
        _route.MarkReady(guestId, Endpoint, timings: null);
        Assert.True(_route.MarkPaused(guestId, () => false, out var wokenAgain));
        Assert.False(wokenAgain);

        var first = _route.Admit(_policy);
        var second = _route.Admit(_policy);

        Assert.Equal(guestId, first.Resume);
        Assert.Null(second.Resume);
        Assert.Equal(RouteState.Resuming, _route.State);
    }

    [Fact]
    public void MarkPaused_Busy_ResumesAtOnce()
    {
        var guestId = Guid.NewGuid();
        _route.MarkReady(guestId, Endpoint, timings: null);

        Assert.True(_route.MarkPaused(guestId, () => true, out var wokenAgain));

        Assert.True(wokenAgain);
        Assert.Equal(RouteState.Resuming, _route.State);
    }

    [Fact]
    public void FailStart_NotStarting_IsIgnored()
    {
        var admission = _route.Admit(_policy);
        _route.MarkReady(Guid.NewGuid(), Endpoint, timings: null);

        Assert.False(_route.FailStart(admission.SpinUp!.Value, "late"));
        Assert.Equal(RouteState.Ready, _route.State);
    }

    [Fact]
    public void MarkResumed_Starting_IsIgnored()
    {
        _route.Admit(_policy);

        Assert.False(_route.MarkResumed(Guid.Empty, Endpoint));
        Assert.Equal(RouteState.Starting, _route.State);
    }

    [Fact]
    public void Remove_NoGuest_IsIgnored()
    {
        Assert.False(_route.Remove(Guid.Empty, out var respin));
        Assert.Null(respin);
        Assert.Equal(RouteState.None, _route.State);
    }

    [Fact]
    public void Remove_ReadyWithHeldResume_StartsANewGuestForThem()
    {
        var guestId = Guid.NewGuid();
        _route.MarkReady(guestId, Endpoint, timings: null);
        _route.MarkPaused(guestId, () => false, out _);
        using var hold = _route.Admit(_policy).Hold;

        Assert.True(_route.Remove(guestId, out var respin));

        Assert.NotNull(respin);
        Assert.Equal(RouteState.Starting, _route.State);
        Assert.True(_route.FailStart(respin.Value, "no"));
        Assert.Equal(RouteState.None, _route.State);
    }
}
