using LightVm.Contracts;
using LightVm.Dom0.Agent;
using LightVm.Policies;
using LightVm.Testing;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Dom0.Tests.Agent;

public sealed class ResumeHandlerTests : IAsyncLifetime
{
    private readonly AgentFixture _host = new(TestPolicies.Make());

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task ResumeAsync_PausedGuest_RunsAgainAndPublishesResumed()
    {
        var guest = await _host.RunningGuestAsync();
        await guest.PauseAsync(CancellationToken.None);
        _host.Time.Advance(TimeSpan.FromMinutes(1));

        await _host.Resumes.ResumeAsync(Resume(guest.Id), CancellationToken.None);

        Assert.Equal(GuestState.Running, guest.State);
        Assert.Equal(_host.Time.GetUtcNow(), guest.LastActivity);
        Assert.Single(_host.Driver.CallsOf(DriverOperation.Resume));
        var resumed = Assert.Single(_host.Events.OfType<GuestResumed>());
        Assert.Equal(guest.Id, resumed.GuestId);
        Assert.Equal(guest.Endpoint, resumed.Endpoint);
        Assert.Equal(_host.Time.GetUtcNow(), resumed.ResumedAt);
    }

    [Fact]
    public async Task ResumeAsync_DestroyedGuest_PublishesGuestDestroyed()
    {
        var guest = await _host.RunningGuestAsync();
        await _host.Destroyer.DestroyAsync(guest, "operator said so", publish: false, CancellationToken.None);

        await _host.Resumes.ResumeAsync(Resume(guest.Id), CancellationToken.None);

        var destroyed = Assert.Single(_host.Events.OfType<GuestDestroyed>());
        Assert.Equal(guest.Id, destroyed.GuestId);
        Assert.Equal("operator said so", destroyed.Reason);
        Assert.Empty(_host.Events.OfType<GuestResumed>());
    }

    [Fact]
    public async Task ResumeAsync_GuestOfAnotherAgent_PublishesNothing()
    {
        await _host.Resumes.ResumeAsync(Resume(Guid.NewGuid()), CancellationToken.None);

        Assert.Empty(_host.Events.Published);
    }

    private ResumeGuest Resume(Guid guestId) =>
        new() { GuestId = guestId, Service = TestPolicies.DefaultService, RequestedAt = _host.Time.GetUtcNow() };
}
