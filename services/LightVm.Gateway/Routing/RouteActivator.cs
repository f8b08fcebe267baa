using LightVm.Policies;
using Microsoft.Extensions.Logging;

namespace LightVm.Gateway.Routing;

/// <summary>
/// Gets a request (HTTP through <c>ActivationMiddleware</c>, or a flow through the fronts' <c>GuestFlows</c>) a guest:
/// a request for a route without a ready guest waits in the route's <see cref="HoldQueue"/> (at most maxHeld of them,
/// at most startTimeout) while one guest is spun up or resumed for all of them.
/// </summary>
public sealed partial class RouteActivator(ServiceRouteTable table, IGuestCommands commands, ILogger<RouteActivator> logger)
{
    /// <summary>Returns where to forward a request for <paramref name="policy"/>'s service, holding it if needed.</summary>
    public Task<Activation> AcquireAsync(ServicePolicy policy, CancellationToken cancellationToken) =>
        AcquireAsync(policy, policy.Name, cancellationToken);

    /// <summary>
    /// Returns where to forward a request for the guest named <paramref name="key"/> (the service, or one
    /// instance <c>&lt;label&gt;.&lt;service&gt;</c> of an <c>instancePer: host</c> service), holding it if needed.
    /// </summary>
    public async Task<Activation> AcquireAsync(ServicePolicy policy, string key, CancellationToken cancellationToken)
    {
        var admission = table.GetOrAdd(key).Admit(policy);
        if (admission.Hold is not { } hold)
        {
            return admission.Answer!;
        }

        using (hold)
        {
            if (admission.SpinUp is { } requestId)
            {
                LogSpinUp(key, requestId);
                await commands.SpinUpAsync(key, requestId, cancellationToken).ConfigureAwait(false);
            }
            else if (admission.Resume is { } guestId)
            {
                LogResume(key, guestId);
                await commands.ResumeAsync(key, guestId, cancellationToken).ConfigureAwait(false);
            }

            return await hold.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "No guest for {Service}: SpinUpGuest {RequestId}")]
    private partial void LogSpinUp(string service, Guid requestId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Guest {GuestId} of {Service} is paused: ResumeGuest")]
    private partial void LogResume(string service, Guid guestId);
}
