using LightVm.Gateway.Routing;
using LightVm.Testing;

namespace LightVm.Gateway.Tests.Routing;

/// <summary>The table: lookup of route states and the snapshot the YARP config provider builds from.</summary>
public sealed class ServiceRouteTableTests : RouteTestBed
{
    [Fact]
    public async Task Snapshot_ReadyRoute_ListsServiceGuestAndEndpoint()
    {
        var guestId = await ReadyRouteAsync();

        var entry = Assert.Single(Table.Snapshot());

        Assert.Equal((TestPolicies.DefaultService, guestId, GuestEndpoint, RouteState.Ready), entry);
    }

    [Fact]
    public void StateOf_UnknownKey_IsNone()
    {
        Assert.Equal(RouteState.None, Table.StateOf("nobody"));
        Assert.Empty(Table.Snapshot());
    }

    [Fact]
    public void Snapshot_StartingRoute_IsEmpty()
    {
        _ = Activator.AcquireAsync(Policy, CancellationToken.None);

        Assert.Equal(RouteState.Starting, Table.StateOf(TestPolicies.DefaultService.ToUpperInvariant()));
        Assert.Empty(Table.Snapshot());
    }

    [Fact]
    public async Task Snapshot_PausedAndResumingRoute_KeepsItsGuest()
    {
        var guestId = await ReadyRouteAsync();
        Events.Apply(Paused(guestId, Time.GetUtcNow()));
        Assert.Equal((TestPolicies.DefaultService, guestId, GuestEndpoint, RouteState.Paused), Assert.Single(Table.Snapshot()));

        _ = Activator.AcquireAsync(Policy, CancellationToken.None);

        Assert.Equal((TestPolicies.DefaultService, guestId, GuestEndpoint, RouteState.Resuming), Assert.Single(Table.Snapshot()));
    }

    [Fact]
    public async Task Changed_ReadyAndResumed_IsRaisedEachTime()
    {
        var changes = 0;
        Table.Changed += () => changes++;
        var guestId = await ReadyRouteAsync();
        Events.Apply(Paused(guestId, Time.GetUtcNow()));
        Assert.Equal(1, changes);

        Events.Apply(Resumed(guestId));

        Assert.Equal(2, changes);
    }
}
