using LightVm.Noxs;
using LightVm.Testing;
using LightVm.Toolstack.Launching;
using LightVm.Toolstack.Lifecycle;
using LightVm.Toolstack.Pool;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LightVm.Toolstack.Tests.Launching;

public sealed class GuestLauncherTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeGuestDriver _driver;
    private readonly GuestDriverCatalog _drivers;
    private readonly List<DevicePage> _pages = [];
    private ShellPool? _pool;

    public GuestLauncherTests()
    {
        _driver = new FakeGuestDriver(_time);
        _drivers = new GuestDriverCatalog([_driver]);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_pool is not null)
        {
            await _pool.DisposeAsync();
        }

        foreach (var shell in _driver.Shells)
        {
            await _driver.DestroyAsync(shell, CancellationToken.None);
        }
    }

    [Fact]
    public async Task LaunchAsync_NoPool_PreparesColdExecutesAndReturnsTheRunningGuest()
    {
        var launched = await new GuestLauncher(_drivers, _time).LaunchAsync(Request(), CancellationToken.None);

        var shell = Assert.Single(_driver.Shells);
        Assert.Same(shell, launched.Guest.Shell);
        Assert.Equal(GuestState.Running, launched.Guest.State);
        Assert.True(launched.ColdShell);
        Assert.True(shell.Executed);
        Assert.Single(_driver.CallsOf(DriverOperation.Prepare));
        Assert.Single(_driver.CallsOf(DriverOperation.Execute));
        var page = Assert.Single(_pages);
        Assert.Equal(shell.Id, page.GuestId);
        Assert.Equal(TestPolicies.DefaultService, page.Service);
    }

    [Fact]
    public async Task LaunchAsync_PoolFilled_TakesThePooledShell()
    {
        _pool = new ShellPool(_drivers, _time, NullLogger<ShellPool>.Instance);
        _pool.Configure(TestPolicies.Spec(), 1);
        await Eventually.TrueAsync(() => _pool.Stats(TestPolicies.DefaultService).Ready == 1, "the pool to fill");
        var pooled = Assert.Single(_driver.Shells);
        _pool.Configure(TestPolicies.Spec(), 0);

        var launched = await new GuestLauncher(_drivers, _time, _pool).LaunchAsync(Request(), CancellationToken.None);

        Assert.False(launched.ColdShell);
        Assert.Same(pooled, launched.Guest.Shell);
        Assert.Equal(GuestState.Running, launched.Guest.State);
    }

    [Fact]
    public async Task LaunchAsync_PreparedShellGiven_LaunchesItWithoutTakingAnother()
    {
        var prepared = await _driver.PrepareAsync(TestPolicies.Spec(), CancellationToken.None);

        var launched = await new GuestLauncher(_drivers, _time).LaunchAsync(Request() with { Prepared = prepared }, CancellationToken.None);

        Assert.Same(prepared, launched.Guest.Shell);
        Assert.False(launched.ColdShell);
        Assert.Single(_driver.CallsOf(DriverOperation.Prepare));
        Assert.Equal(0, launched.Timings.ShellMs);
    }

    [Fact]
    public async Task LaunchAsync_Instance_GuestAndPageServeTheInstance()
    {
        var launched = await new GuestLauncher(_drivers, _time).LaunchAsync(Request() with { Instance = "alice.hello" }, CancellationToken.None);

        Assert.Equal("alice.hello", launched.Guest.Service);
        Assert.Equal("alice.hello", Assert.Single(_pages).Service);
    }

    [Fact]
    public async Task LaunchAsync_Created_SeesTheGuestBeforeItExecutes()
    {
        Guest? seen = null;
        var stateThen = GuestState.Failed;
        var executesThen = -1;

        var launched = await new GuestLauncher(_drivers, _time).LaunchAsync(
            Request() with
            {
                Created = g =>
                {
                    seen = g;
                    stateThen = g.State;
                    executesThen = _driver.CallsOf(DriverOperation.Execute).Count;
                },
            },
            CancellationToken.None);

        Assert.Same(launched.Guest, seen);
        Assert.Equal(GuestState.Prepared, stateThen);
        Assert.Equal(0, executesThen);
    }

    [Fact]
    public async Task LaunchAsync_PhasesTakeTime_TimingsFromTheInjectedClock()
    {
        _driver.BeforePrepare = () => _time.Advance(TimeSpan.FromMilliseconds(7));

        var launched = await new GuestLauncher(_drivers, _time).LaunchAsync(
            Request(builder: g =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(3));
                return Page(g);
            }),
            CancellationToken.None);

        Assert.Equal(7, launched.Timings.ShellMs, precision: 6);
        Assert.Equal(3, launched.Timings.ExecuteMs, precision: 6);
        Assert.Equal(0, launched.Timings.ReadyMs, precision: 6);
        Assert.Equal(3, launched.Timings.ExecuteToReadyMs, precision: 6);
        Assert.Equal(10, launched.Timings.TotalMs, precision: 6);
    }

    [Fact]
    public async Task LaunchAsync_ExecuteFails_GuestFailedAndDestroyedAndTheFailureThrown()
    {
        _driver.FailExecute = true;
        Guest? created = null;

        var e = await Assert.ThrowsAsync<GuestStartException>(() =>
            new GuestLauncher(_drivers, _time).LaunchAsync(Request() with { Created = g => created = g }, CancellationToken.None));

        Assert.Contains("Fake execute", e.Message, StringComparison.Ordinal);
        var shell = Assert.Single(_driver.Shells);
        Assert.Contains(shell.Id, _driver.Destroyed);
        Assert.NotNull(created);
        Assert.Equal(GuestState.Destroyed, created.State);
        Assert.Contains("Fake execute", created.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LaunchAsync_PrepareFails_ThrowsWithoutMakingAGuest()
    {
        _driver.FailAllPrepares = true;
        var created = false;

        var e = await Assert.ThrowsAsync<GuestStartException>(() =>
            new GuestLauncher(_drivers, _time).LaunchAsync(Request() with { Created = _ => created = true }, CancellationToken.None));

        Assert.Contains("Fake prepare", e.Message, StringComparison.Ordinal);
        Assert.False(created);
        Assert.Empty(_driver.Shells);
    }

    [Fact]
    public async Task LaunchAsync_PageCannotBeBuilt_GuestStartExceptionWithItsMessageAndTheShellDestroyed()
    {
        var e = await Assert.ThrowsAsync<GuestStartException>(() =>
            new GuestLauncher(_drivers, _time).LaunchAsync(
                Request(builder: _ => throw new InvalidDataException("The TLS material of shop.example.test is not usable now")),
                CancellationToken.None));

        Assert.Contains("shop.example.test", e.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidDataException>(e.InnerException);
        Assert.Empty(_driver.CallsOf(DriverOperation.Execute));
        Assert.Contains(Assert.Single(_driver.Shells).Id, _driver.Destroyed);
    }

    [Fact]
    public async Task LaunchAsync_GuestNeverListens_FailsAtTheTimeoutAndDestroysIt()
    {
        _driver.ListenOnExecute = false;

        var launch = new GuestLauncher(_drivers, _time).LaunchAsync(Request(), CancellationToken.None);
        await Eventually.TrueAsync(() => launch.IsCompleted, () => _time.Advance(TimeSpan.FromSeconds(1)), "the readiness deadline");

        var e = await Assert.ThrowsAsync<GuestStartException>(() => launch);
        Assert.Contains("did not answer", e.Message, StringComparison.Ordinal);
        Assert.Contains(Assert.Single(_driver.Shells).Id, _driver.Destroyed);
    }

    [Theory]
    [InlineData(typeof(GuestStartException), true)]
    [InlineData(typeof(GuestStateException), true)]
    [InlineData(typeof(IOException), true)]
    [InlineData(typeof(InvalidOperationException), true)]
    [InlineData(typeof(UnauthorizedAccessException), true)]
    [InlineData(typeof(OperationCanceledException), true)]
    [InlineData(typeof(ArgumentException), false)]
    public void IsStartFailure_ExceptionType_TellsWhetherTheGuestSimplyDidNotStart(Type type, bool expected) =>
        Assert.Equal(expected, GuestLauncher.IsStartFailure((Exception)Activator.CreateInstance(type)!));

    private LaunchRequest Request(Func<Guest, DevicePage>? builder = null) => new()
    {
        Spec = TestPolicies.Spec(),
        Page = builder ?? Page,
        Timeout = TimeSpan.FromSeconds(10),
    };

    private DevicePage Page(Guest guest)
    {
        var page = new DevicePage { Generation = 1, GuestId = guest.Id, Service = guest.Service, Nic = GuestNic.For(guest.Shell) };
        _pages.Add(page);
        return page;
    }
}
