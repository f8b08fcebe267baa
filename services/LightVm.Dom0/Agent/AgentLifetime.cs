using LightVm.Dom0.Guests;
using LightVm.Policies;
using LightVm.Toolstack.Pool;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LightVm.Dom0.Agent;

/// <summary>Fills every service's shell pool at start (the prepare phase); destroys every guest and shell at stop.</summary>
internal sealed partial class AgentLifetime(
    PolicySet policies,
    ShellPool pool,
    GuestRegistry registry,
    GuestDestroyer destroyer,
    IOptions<Dom0Options> options,
    ILogger<AgentLifetime> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var policy in policies.All)
        {
            pool.Configure(ServiceShellSpec.For(policy), policy.Pool);
        }

        LogStarted(options.Value.AgentId, policies.All.Count);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var guests = registry.All;
        await Task.WhenAll(guests.Select(g => destroyer.DestroyAsync(g, "agent stopping", publish: false, CancellationToken.None))).ConfigureAwait(false);
        await pool.DisposeAsync().ConfigureAwait(false);
        LogStopped(options.Value.AgentId, guests.Count);
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Dom0 agent {AgentId} started; preparing shells for {Services} services")]
    private partial void LogStarted(string agentId, int services);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Dom0 agent {AgentId} stopped; destroyed {Guests} guests")]
    private partial void LogStopped(string agentId, int guests);
}
