using LightVm.Contracts;
using LightVm.Gateway.Activity;
using LightVm.Gateway.Routing;
using LightVm.Policies;
using LightVm.Testing;
using LightVm.Testing.Services;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LightVm.Gateway.Tests.Routing;

/// <summary>
/// The gateway's routing as the tests drive it: a route table, the activator requests go through, the events that
/// feed it, fake time, recorded commands; and the guest events an agent would send.
/// </summary>
public abstract class RouteTestBed
{
    protected static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    protected static readonly Uri GuestEndpoint = new("http://127.77.0.9:8080");

    protected RouteTestBed()
    {
        Activity = new ActivityTracker(Time);
        Table = new ServiceRouteTable(Time);
        Activator = new RouteActivator(Table, Commands, NullLogger<RouteActivator>.Instance);
        Events = new RouteEvents(Table, Commands, Activity, NullLogger<RouteEvents>.Instance);
    }

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    protected RecordingGuestCommands Commands { get; } = new();

    protected ActivityTracker Activity { get; }

    protected ServiceRouteTable Table { get; }

    protected RouteActivator Activator { get; }

    protected RouteEvents Events { get; }

    protected ServicePolicy Policy { get; } = TestPolicies.Make(startTimeout: StartTimeout, maxHeld: 100);

    protected static GuestReady Ready(Guid guestId, Guid requestId) => new()
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

    protected static GuestStartFailed StartFailed(Guid requestId, string reason) =>
        new() { RequestId = requestId, Service = TestPolicies.DefaultService, Reason = reason };

    protected GuestPaused Paused(Guid guestId, DateTimeOffset idleSince) =>
        new() { GuestId = guestId, Service = TestPolicies.DefaultService, IdleSince = idleSince, PausedAt = Time.GetUtcNow() };

    protected GuestResumed Resumed(Guid guestId) =>
        new() { GuestId = guestId, Service = TestPolicies.DefaultService, Endpoint = GuestEndpoint, ResumedAt = Time.GetUtcNow(), ResumeMs = 0.5 };

    protected GuestDestroyed Destroyed(Guid guestId, string reason) =>
        new() { GuestId = guestId, Service = TestPolicies.DefaultService, Reason = reason, DestroyedAt = Time.GetUtcNow() };

    protected GuestFailed Failed(Guid guestId, string reason) =>
        new() { GuestId = guestId, Service = TestPolicies.DefaultService, Reason = reason, FailedAt = Time.GetUtcNow() };

    /// <summary>Spins the service's route up through the activator: one SpinUp, answered by GuestReady.</summary>
    protected async Task<Guid> ReadyRouteAsync()
    {
        var acquire = Activator.AcquireAsync(Policy, CancellationToken.None);
        var guestId = Guid.NewGuid();
        Events.Apply(Ready(guestId, Commands.SpinUps[^1].RequestId));
        Assert.Equal(ActivationKind.Cold, (await acquire).Kind);
        return guestId;
    }
}
