using System.Collections.Concurrent;
using LightVm.Contracts;
using LightVm.Dom0.Events;
using LightVm.Dom0.Guests;
using LightVm.Policies;
using LightVm.Toolstack.Lifecycle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LightVm.Dom0.Agent;

/// <summary>
/// A gateway's SpinUpGuest: the service's live guest when there is one (woken if paused), else a new one
/// (<see cref="GuestStarter"/>), one start per instance at a time; a command past its startTimeout is dropped.
/// </summary>
public sealed partial class SpinUpHandler(
    PolicySet policies,
    GuestRegistry registry,
    GuestStarter starter,
    IGuestEventPublisher events,
    TimeProvider time,
    IOptions<Dom0Options> options,
    ILogger<SpinUpHandler> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _serviceGates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Makes (or finds) the service's guest and publishes GuestReady, or GuestStartFailed.</summary>
    public async Task SpinUpAsync(SpinUpGuest command, CancellationToken cancellationToken)
    {
        var received = time.GetUtcNow();
        // The command names an instance key: the service, or <label>.<service> for an instancePer: host service.
        if (!ServiceInstance.TryResolve(policies, command.Service, out var policy))
        {
            await events.PublishStartFailedAsync(command, null, $"no policy for service '{command.Service}' on agent {options.Value.AgentId}").ConfigureAwait(false);
            return;
        }

        var gate = _serviceGates.GetOrAdd(command.Service, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = registry.FindLive(command.Service);
            if (existing is not null)
            {
                await ReuseAsync(existing, command, cancellationToken).ConfigureAwait(false);
                return;
            }

            // Past its startTimeout the gateway has answered 503 already: a guest made now would serve no one, and
            // under overload such stale commands would keep the host busy making guests while fresh requests wait.
            var waited = time.GetUtcNow() - command.RequestedAt;
            if (waited > policy.StartTimeout)
            {
                LogStale(command.Service, waited.TotalMilliseconds, policy.StartTimeout.TotalMilliseconds);
                await events.PublishStartFailedAsync(
                    command, null, $"not started: the request waited {waited.TotalMilliseconds:0} ms for the agent, past the service's startTimeout ({policy.StartTimeout.TotalMilliseconds:0} ms)")
                    .ConfigureAwait(false);
                return;
            }

            await starter.StartAsync(policy, command, received, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ReuseAsync(Guest existing, SpinUpGuest command, CancellationToken cancellationToken)
    {
        if (existing.State == GuestState.Paused)
        {
            await existing.ResumeAsync(cancellationToken).ConfigureAwait(false);
        }

        existing.RecordActivity(time.GetUtcNow());
        await events.PublishAsync(
            GuestReadyMessage.For(existing, command, options.Value.AgentId, cold: false, new GuestTimings { QueueMs = 0, ShellMs = 0, ExecuteMs = 0, ReadyMs = 0 }),
            cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning,
        Message = "Spin-up of {Service} dropped: the request waited {WaitedMs:0} ms for the agent, past its startTimeout of {TimeoutMs:0} ms")]
    private partial void LogStale(string service, double waitedMs, double timeoutMs);
}
