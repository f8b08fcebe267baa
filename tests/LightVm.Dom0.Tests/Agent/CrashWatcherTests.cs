using LightVm.Contracts;
using LightVm.Dom0.Agent;
using LightVm.Policies;
using LightVm.Testing;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Dom0.Tests.Agent;

public sealed class CrashWatcherTests : IAsyncLifetime
{
    private readonly AgentFixture _host = new(TestPolicies.Make());

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task ShellCrash_RunningGuest_PublishesGuestFailedAndRemovesGuest()
    {
        var guest = await _host.RunningGuestAsync();

        ((FakeShell)guest.Shell).Crash("killed by test");
        var failed = await _host.Events.WaitForAsync<GuestFailed>();

        Assert.Equal(guest.Id, failed.GuestId);
        Assert.Equal(TestPolicies.DefaultService, failed.Service);
        Assert.Contains("killed by test", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _host.Registry.Count);
        Assert.Equal(GuestState.Destroyed, guest.State);
        Assert.Contains(guest.Id, _host.Driver.Destroyed);
    }

    [Fact]
    public async Task ShellCrash_AfterCrash_NextSpinUpMakesNewGuest()
    {
        var guest = await _host.RunningGuestAsync();
        ((FakeShell)guest.Shell).Crash();
        await _host.Events.WaitForAsync<GuestFailed>();

        var second = await _host.RunningGuestAsync();

        Assert.NotEqual(guest.Id, second.Id);
    }
}
