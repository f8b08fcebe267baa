using LightVm.Contracts;
using LightVm.Dom0.Agent;
using LightVm.Policies;
using LightVm.Testing;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Dom0.Tests.Agent;

public sealed class GuestDestroyerTests : IAsyncLifetime
{
    private readonly AgentFixture _host = new(TestPolicies.Make());

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task DestroyAsync_Publish_RemovesGuestAndPublishesOnce()
    {
        var guest = await _host.RunningGuestAsync();

        await _host.Destroyer.DestroyAsync(guest, "bye", publish: true, CancellationToken.None);
        await _host.Destroyer.DestroyAsync(guest, "bye again", publish: true, CancellationToken.None);

        Assert.Equal("bye", Assert.Single(_host.Events.OfType<GuestDestroyed>()).Reason);
        Assert.Equal(0, _host.Registry.Count);
    }
}
