using LightVm.Contracts;
using LightVm.Dom0.Agent;
using LightVm.Dom0.Guests;
using LightVm.Dom0.Operator;
using LightVm.Dom0.Reaper;
using LightVm.Policies;
using LightVm.Testing;
using LightVm.Testing.Services;
using LightVm.Toolstack;
using LightVm.Toolstack.Launching;
using LightVm.Toolstack.Lifecycle;
using LightVm.Toolstack.Pool;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LightVm.Dom0.Tests;

/// <summary>A real agent (registry, shell pool, launcher, handlers, reaper) over a fake driver, a fake clock and a recording publisher.</summary>
internal sealed class AgentFixture : IAsyncDisposable
{
    public AgentFixture(params ServicePolicy[] policies)
        : this(DriverCapabilities.Pause, policies)
    {
    }

    public AgentFixture(DriverCapabilities capabilities, params ServicePolicy[] policies)
    {
        Policies = TestPolicies.Set(policies.Length == 0 ? [TestPolicies.Make()] : policies);
        Driver = new FakeGuestDriver(Time, capabilities: capabilities);
        var drivers = new GuestDriverCatalog([Driver]);
        var options = Options.Create(new Dom0Options { AgentId = "test-agent" });
        Pool = new ShellPool(drivers, Time, NullLogger<ShellPool>.Instance);
        Destroyer = new GuestDestroyer(Registry, Events, Time, NullLogger<GuestDestroyer>.Instance);
        var watcher = new CrashWatcher(Destroyer, Events, Time, NullLogger<CrashWatcher>.Instance);
        var starter = new GuestStarter(
            new GuestLauncher(drivers, Time, Pool), Registry, watcher, Destroyer, Events, Time, options, NullLogger<GuestStarter>.Instance);
        SpinUps = new SpinUpHandler(Policies, Registry, starter, Events, Time, options, NullLogger<SpinUpHandler>.Instance);
        Resumes = new ResumeHandler(Registry, Events, Time, NullLogger<ResumeHandler>.Instance);
        Operators = new OperatorService(Policies, Registry, starter, Destroyer, drivers, Events, Time, options);
        Pools = new PoolService(Policies, Pool, options);
        Reaper = new IdleReaper(Registry, Destroyer, Policies, Events, Time, NullLogger<IdleReaper>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public FakeGuestDriver Driver { get; }

    public PolicySet Policies { get; }

    public ShellPool Pool { get; }

    public GuestRegistry Registry { get; } = new();

    public RecordingEventPublisher Events { get; } = new();

    public SpinUpHandler SpinUps { get; }

    public ResumeHandler Resumes { get; }

    public GuestDestroyer Destroyer { get; }

    public OperatorService Operators { get; }

    public PoolService Pools { get; }

    public IdleReaper Reaper { get; }

    public SpinUpGuest SpinUpCommand(string service = TestPolicies.DefaultService) =>
        new() { RequestId = Guid.NewGuid(), Service = service, RequestedAt = Time.GetUtcNow() };

    /// <summary>Spins up a guest through the agent's spin-up handler and returns it, Running.</summary>
    public async Task<Guest> RunningGuestAsync(string service = TestPolicies.DefaultService)
    {
        var command = SpinUpCommand(service);
        await SpinUps.SpinUpAsync(command, CancellationToken.None);
        var ready = Events.OfType<GuestReady>().LastOrDefault(r => r.RequestId == command.RequestId);
        Assert.True(ready is not null, $"no GuestReady for {service}: [{string.Join(", ", Events.Published)}]");
        Assert.True(Registry.TryGet(ready.GuestId, out var guest));
        Assert.Equal(GuestState.Running, guest.State);
        return guest;
    }

    public GuestActivity Activity(Guest guest, DateTimeOffset at) => new()
    {
        GatewayId = "test-gateway",
        Entries = [new GuestActivityEntry { GuestId = guest.Id, LastActivity = at, Requests = 1 }],
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var guest in Registry.All)
        {
            await Destroyer.DestroyAsync(guest, "test over", publish: false, CancellationToken.None);
        }

        await Pool.DisposeAsync();
        foreach (var shell in Driver.Shells)
        {
            await Driver.DestroyAsync(shell, CancellationToken.None);
        }
    }
}
