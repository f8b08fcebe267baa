using LightVm.Contracts;
using LightVm.Dom0.Agent;
using LightVm.Policies;
using LightVm.Testing;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Dom0.Tests.Agent;

public sealed class SpinUpHandlerTests : IAsyncLifetime
{
    private readonly AgentFixture _host = new(TestPolicies.Make());

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task SpinUpAsync_KnownService_PublishesGuestReadyWithTimings()
    {
        var command = _host.SpinUpCommand() with { RequestedAt = _host.Time.GetUtcNow() - TimeSpan.FromMilliseconds(5) };

        await _host.SpinUps.SpinUpAsync(command, CancellationToken.None);

        var ready = Assert.Single(_host.Events.OfType<GuestReady>());
        var shell = Assert.Single(_host.Driver.Shells);
        Assert.Equal(shell.Id, ready.GuestId);
        Assert.Equal(command.RequestId, ready.RequestId);
        Assert.Equal(TestPolicies.DefaultService, ready.Service);
        Assert.Equal("test-agent", ready.AgentId);
        Assert.Equal(TestPolicies.FakeDriver, ready.Driver);
        Assert.Equal(new Uri($"http://{shell.Endpoint}"), ready.Endpoint);
        Assert.True(ready.ColdShell);
        Assert.Equal(5, ready.Timings.QueueMs, precision: 6);
        Assert.True(ready.Timings.ShellMs >= 0);
        Assert.True(ready.Timings.ExecuteMs >= 0);
        Assert.True(ready.Timings.ReadyMs >= 0);
        Assert.Empty(_host.Events.OfType<GuestStartFailed>());
    }

    [Fact]
    public async Task SpinUpAsync_KnownService_RegistersRunningGuest()
    {
        await _host.SpinUps.SpinUpAsync(_host.SpinUpCommand(), CancellationToken.None);

        var guest = Assert.Single(_host.Registry.All);
        Assert.Equal(GuestState.Running, guest.State);
        Assert.Equal(_host.Events.OfType<GuestReady>()[0].GuestId, guest.Id);
        Assert.Same(guest, _host.Registry.FindLive(TestPolicies.DefaultService));
        Assert.True(((FakeShell)guest.Shell).Executed);
        Assert.Single(_host.Driver.CallsOf(DriverOperation.Execute));
    }

    [Fact]
    public async Task SpinUpAsync_PoolFilled_UsesPooledShell()
    {
        await using var host = new AgentFixture(TestPolicies.Make(pool: 1));
        host.Pool.Configure(ServiceShellSpec.For(host.Policies.Get(TestPolicies.DefaultService)), 1);
        await Eventually.TrueAsync(() => host.Pool.Stats(TestPolicies.DefaultService).Ready == 1, "the pool to fill");
        var pooled = Assert.Single(host.Driver.Shells);

        await host.SpinUps.SpinUpAsync(host.SpinUpCommand(), CancellationToken.None);

        var ready = Assert.Single(host.Events.OfType<GuestReady>());
        Assert.False(ready.ColdShell);
        Assert.Equal(pooled.Id, ready.GuestId);
    }

    [Fact]
    public async Task SpinUpAsync_InstancesOfPerHostService_MakeOneGuestEach()
    {
        await using var host = new AgentFixture(TestPolicies.Make() with { InstancePer = InstancePer.Host });
        var alice = host.SpinUpCommand("alice." + TestPolicies.DefaultService);
        var bob = host.SpinUpCommand("bob." + TestPolicies.DefaultService);

        await host.SpinUps.SpinUpAsync(alice, CancellationToken.None);
        await host.SpinUps.SpinUpAsync(bob, CancellationToken.None);
        await host.SpinUps.SpinUpAsync(host.SpinUpCommand("alice." + TestPolicies.DefaultService), CancellationToken.None);

        var ready = host.Events.OfType<GuestReady>();
        Assert.Equal(["alice.hello", "bob.hello", "alice.hello"], ready.Select(r => r.Service));
        Assert.NotEqual(ready[0].GuestId, ready[1].GuestId);
        Assert.Equal(ready[0].GuestId, ready[2].GuestId);
        Assert.Equal(2, host.Registry.Count);
        Assert.Empty(host.Events.OfType<GuestStartFailed>());
    }

    [Fact]
    public async Task SpinUpAsync_InstanceOfSharedService_FailsAsUnknown()
    {
        await _host.SpinUps.SpinUpAsync(_host.SpinUpCommand("alice." + TestPolicies.DefaultService), CancellationToken.None);

        Assert.Single(_host.Events.OfType<GuestStartFailed>());
        Assert.Empty(_host.Registry.All);
    }

    [Fact]
    public async Task SpinUpAsync_SecondForSameService_ReusesGuest()
    {
        var first = _host.SpinUpCommand();
        var second = _host.SpinUpCommand();

        await _host.SpinUps.SpinUpAsync(first, CancellationToken.None);
        await _host.SpinUps.SpinUpAsync(second, CancellationToken.None);

        var ready = _host.Events.OfType<GuestReady>();
        Assert.Equal(2, ready.Count);
        Assert.Equal(ready[0].GuestId, ready[1].GuestId);
        Assert.Equal([first.RequestId, second.RequestId], ready.Select(r => r.RequestId));
        Assert.False(ready[1].ColdShell);
        Assert.Equal(1, _host.Registry.Count);
        Assert.Single(_host.Driver.CallsOf(DriverOperation.Prepare));
    }

    [Fact]
    public async Task SpinUpAsync_ConcurrentForSameService_MakesOneGuest()
    {
        var commands = Enumerable.Range(0, 10).Select(_ => _host.SpinUpCommand()).ToList();

        await Task.WhenAll(commands.Select(c => Task.Run(() => _host.SpinUps.SpinUpAsync(c, CancellationToken.None))));

        var ready = _host.Events.OfType<GuestReady>();
        Assert.Equal(10, ready.Count);
        Assert.Single(ready.Select(r => r.GuestId).Distinct());
        Assert.Equal(1, _host.Registry.Count);
        Assert.Single(_host.Driver.CallsOf(DriverOperation.Prepare));
    }

    [Fact]
    public async Task SpinUpAsync_GuestPaused_ResumesAndReusesIt()
    {
        var guest = await _host.RunningGuestAsync();
        await guest.PauseAsync(CancellationToken.None);

        await _host.SpinUps.SpinUpAsync(_host.SpinUpCommand(), CancellationToken.None);

        Assert.Equal(GuestState.Running, guest.State);
        Assert.All(_host.Events.OfType<GuestReady>(), r => Assert.Equal(guest.Id, r.GuestId));
        Assert.Single(_host.Driver.CallsOf(DriverOperation.Resume));
    }

    [Fact]
    public async Task SpinUpAsync_ExecuteFails_PublishesStartFailedAndDestroysShell()
    {
        _host.Driver.FailExecute = true;
        var command = _host.SpinUpCommand();

        await _host.SpinUps.SpinUpAsync(command, CancellationToken.None);

        var failed = Assert.Single(_host.Events.OfType<GuestStartFailed>());
        var shell = Assert.Single(_host.Driver.Shells);
        Assert.Equal(command.RequestId, failed.RequestId);
        Assert.Equal(TestPolicies.DefaultService, failed.Service);
        Assert.Equal(shell.Id, failed.GuestId);
        Assert.Contains("Fake execute", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _host.Registry.Count);
        Assert.Contains(shell.Id, _host.Driver.Destroyed);
        Assert.Empty(_host.Events.OfType<GuestReady>());
        Assert.Empty(_host.Events.OfType<GuestFailed>());
    }

    [Fact]
    public async Task SpinUpAsync_PrepareFails_PublishesStartFailedWithoutGuest()
    {
        _host.Driver.FailAllPrepares = true;
        var command = _host.SpinUpCommand();

        await _host.SpinUps.SpinUpAsync(command, CancellationToken.None);

        var failed = Assert.Single(_host.Events.OfType<GuestStartFailed>());
        Assert.Equal(command.RequestId, failed.RequestId);
        Assert.Null(failed.GuestId);
        Assert.Contains("Fake prepare", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _host.Registry.Count);
    }

    [Fact]
    public async Task SpinUpAsync_GuestNeverListens_FailsAtStartTimeout()
    {
        _host.Driver.ListenOnExecute = false;
        var command = _host.SpinUpCommand();

        var spinUp = _host.SpinUps.SpinUpAsync(command, CancellationToken.None);
        await Eventually.TrueAsync(() => spinUp.IsCompleted, () => _host.Time.Advance(TimeSpan.FromSeconds(1)), "the readiness deadline");
        await spinUp;

        var failed = Assert.Single(_host.Events.OfType<GuestStartFailed>());
        Assert.Contains("did not answer", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _host.Registry.Count);
        Assert.Contains(Assert.Single(_host.Driver.Shells).Id, _host.Driver.Destroyed);
    }

    [Fact]
    public async Task SpinUpAsync_CommandOlderThanStartTimeout_StartsNothingAndPublishesStartFailed()
    {
        var command = _host.SpinUpCommand() with { RequestedAt = _host.Time.GetUtcNow() - TimeSpan.FromSeconds(11) };

        await _host.SpinUps.SpinUpAsync(command, CancellationToken.None);

        var failed = Assert.Single(_host.Events.OfType<GuestStartFailed>());
        Assert.Equal(command.RequestId, failed.RequestId);
        Assert.Contains("startTimeout", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(_host.Driver.Calls);
        Assert.Equal(0, _host.Registry.Count);
    }

    [Fact]
    public async Task SpinUpAsync_StaleCommandForLiveGuest_ReusesIt()
    {
        await _host.SpinUps.SpinUpAsync(_host.SpinUpCommand(), CancellationToken.None);
        var stale = _host.SpinUpCommand() with { RequestedAt = _host.Time.GetUtcNow() - TimeSpan.FromSeconds(11) };

        await _host.SpinUps.SpinUpAsync(stale, CancellationToken.None);

        Assert.Empty(_host.Events.OfType<GuestStartFailed>());
        Assert.Equal(2, _host.Events.OfType<GuestReady>().Count);
        Assert.Equal(1, _host.Registry.Count);
    }

    [Fact]
    public async Task SpinUpAsync_UnknownService_PublishesStartFailedNamingIt()
    {
        var command = _host.SpinUpCommand("nosuch");

        await _host.SpinUps.SpinUpAsync(command, CancellationToken.None);

        var failed = Assert.Single(_host.Events.OfType<GuestStartFailed>());
        Assert.Equal(command.RequestId, failed.RequestId);
        Assert.Equal("nosuch", failed.Service);
        Assert.Contains("'nosuch'", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(_host.Driver.Calls);
        Assert.Equal(0, _host.Registry.Count);
    }

    [Fact]
    public async Task SpinUpAsync_TlsHostWhoseKeyNoLongerMatches_PublishesStartFailedNamingTheHostAndDestroysShell()
    {
        var directory = Directory.CreateTempSubdirectory("spin-up-tls-").FullName;
        try
        {
            using var ca = LightVm.Policies.Tls.LocalCertificateAuthority.OpenOrCreate(directory);
            var issued = ca.Issue("shop.example.test");
            var other = ca.Issue("other.example.test");
            await using var host = new AgentFixture(TestPolicies.Make() with
            {
                InstancePer = InstancePer.Host,
                Hosts = [new TlsHost { Name = "shop.example.test", CertificatePath = issued.CertificatePath, KeyPath = other.KeyPath }],
            });
            var command = host.SpinUpCommand("shop-example-test." + TestPolicies.DefaultService);

            await host.SpinUps.SpinUpAsync(command, CancellationToken.None);

            var failed = Assert.Single(host.Events.OfType<GuestStartFailed>());
            Assert.Equal(command.RequestId, failed.RequestId);
            Assert.Contains("shop.example.test", failed.Reason, StringComparison.Ordinal);
            Assert.Equal(0, host.Registry.Count);
            Assert.Contains(Assert.Single(host.Driver.Shells).Id, host.Driver.Destroyed);
            Assert.Empty(host.Driver.CallsOf(DriverOperation.Execute));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
