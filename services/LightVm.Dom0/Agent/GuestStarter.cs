using LightVm.Contracts;
using LightVm.Dom0.Events;
using LightVm.Dom0.Guests;
using LightVm.Policies;
using LightVm.Policies.Pages;
using LightVm.Toolstack.Launching;
using LightVm.Toolstack.Lifecycle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LightVm.Dom0.Agent;

/// <summary>
/// Makes a new guest of a service through the <see cref="GuestLauncher"/> (a prepared shell, its device page,
/// readiness), registers and watches it, and publishes GuestReady, or GuestStartFailed.
/// </summary>
public sealed partial class GuestStarter(
    GuestLauncher launcher,
    GuestRegistry registry,
    CrashWatcher watcher,
    GuestDestroyer destroyer,
    IGuestEventPublisher events,
    TimeProvider time,
    IOptions<Dom0Options> options,
    ILogger<GuestStarter> logger)
{
    /// <param name="policy">The service's policy.</param>
    /// <param name="command">The spin-up (its <see cref="SpinUpGuest.Service"/> is the instance key).</param>
    /// <param name="received">When the agent started on the command (its queue time ends there).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task<StartOutcome> StartAsync(ServicePolicy policy, SpinUpGuest command, DateTimeOffset received, CancellationToken cancellationToken)
    {
        var queueMs = Math.Max(0, (received - command.RequestedAt).TotalMilliseconds);
        Guest? guest = null;
        try
        {
            var launched = await launcher.LaunchAsync(
                new LaunchRequest
                {
                    Spec = ServiceShellSpec.For(policy),
                    Instance = command.Service,
                    Page = g => DevicePageFactory.Create(g.Id, g.Service, GuestNic.For(g.Shell), policy),
                    Timeout = policy.StartTimeout,
                    // A cold shell waits for a slot at most until the request's deadline (startTimeout from its request).
                    ColdWait = policy.StartTimeout - (time.GetUtcNow() - command.RequestedAt),
                    Created = g =>
                    {
                        guest = g;
                        registry.Add(g);
                        watcher.Watch(g);
                    },
                },
                cancellationToken).ConfigureAwait(false);
            var started = launched.Guest;
            started.RecordActivity(time.GetUtcNow());

            var t = launched.Timings;
            var timings = new GuestTimings { QueueMs = queueMs, ShellMs = t.ShellMs, ExecuteMs = t.ExecuteMs, ReadyMs = t.ReadyMs };
            LogReady(policy.Name, started.Id, started.Endpoint, launched.ColdShell, t.ShellMs, t.ExecuteMs, t.ReadyMs);
            var ready = GuestReadyMessage.For(started, command, options.Value.AgentId, launched.ColdShell, timings);
            await events.PublishAsync(ready, cancellationToken).ConfigureAwait(false);
            return new StartOutcome { Guest = started, Ready = ready };
        }
        catch (Exception e) when (GuestLauncher.IsStartFailure(e))
        {
            LogStartFailed(policy.Name, e.Message);
            if (guest is not null)
            {
                destroyer.Forget(guest, "failed to start: " + e.Message); // the launcher destroyed it
            }

            await events.PublishStartFailedAsync(command, guest?.Id, e.Message).ConfigureAwait(false);
            return new StartOutcome { Failure = e.Message };
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Guest {GuestId} of {Service} ready at {Endpoint} (cold shell: {Cold}; shell {ShellMs:0.00} ms, execute {ExecuteMs:0.00} ms, ready {ReadyMs:0.00} ms)")]
    private partial void LogReady(string service, Guid guestId, Uri endpoint, bool cold, double shellMs, double executeMs, double readyMs);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "A guest of {Service} did not start: {Reason}")]
    private partial void LogStartFailed(string service, string reason);
}
