using System.Globalization;
using LightVm.Gateway.Activity;
using LightVm.Gateway.Routing;
using LightVm.Policies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace LightVm.Gateway.Proxy;

/// <summary>
/// The first step of the proxy pipeline: makes sure the service has a guest (holding the request while one
/// is spun up or resumed), points YARP at it, and answers 503 + Retry-After when that cannot happen in time.
/// </summary>
internal sealed partial class ActivationMiddleware(
    RouteActivator activator,
    PolicySet policies,
    ActivityTracker activity,
    IProxyStateLookup lookup,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<ActivationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var feature = context.GetReverseProxyFeature();
        var service = feature.Route.Config.RouteId;
        if (!policies.TryGet(service, out var policy))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"No service named '{service}'.\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (InstanceKey(policy, context.Request.Host.Host) is not { } key)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync(
                $"Service '{service}' makes one guest per host name: use Host <name>.{service}.{options.Value.HostSuffix} with one DNS label as <name>.\n",
                context.RequestAborted).ConfigureAwait(false);
            return;
        }

        Activation activation;
        try
        {
            activation = await activator.AcquireAsync(policy, key, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The client went away while held.
        }

        if (!activation.Succeeded || activation.Endpoint is null)
        {
            LogRefused(service, activation.Kind, activation.Reason ?? "?");
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-LightVm-Activation"] = activation.Kind.ToString().ToLowerInvariant();
            await context.Response.WriteAsync(
                $"Service '{service}' is not available: {activation.Reason}. Retry after {options.Value.RetryAfterSeconds} s.\n",
                context.RequestAborted).ConfigureAwait(false);
            return;
        }

        feature.AvailableDestinations = Destination(service, activation);
        var forwardStarted = time.GetTimestamp();
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["Server-Timing"] = ServerTiming.Format(activation, time.GetElapsedTime(forwardStarted));
            headers["X-LightVm-Guest"] = activation.GuestId.ToString("N");
            headers["X-LightVm-Activation"] = activation.Kind.ToString().ToLowerInvariant();
            return Task.CompletedTask;
        });
        activity.Begin(activation.GuestId);
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            activity.End(activation.GuestId);
        }
    }

    /// <summary>The guest's instance key for this request; null when the host name does not name one instance.</summary>
    private string? InstanceKey(ServicePolicy policy, string host)
    {
        var bare = $"{policy.Name}.{options.Value.HostSuffix}";
        if (policy.InstancePer != InstancePer.Host || string.Equals(host, bare, StringComparison.OrdinalIgnoreCase))
        {
            return policy.Name;
        }

        if (!host.EndsWith("." + bare, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var label = host[..^(bare.Length + 1)];
        return ServiceInstance.IsLabel(label) ? ServiceInstance.Key(policy, label) : null;
    }

    /// <summary>YARP's own state for the guest when the new snapshot is applied already; a fresh one otherwise.</summary>
    private DestinationState Destination(string service, Activation activation)
    {
        var id = activation.GuestId.ToString("N");
        if (lookup.TryGetCluster(service, out var cluster) && cluster.Destinations.TryGetValue(id, out var known))
        {
            return known;
        }

        return new DestinationState(id, new DestinationModel(new DestinationConfig { Address = activation.Endpoint!.ToString() }));
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Request for {Service} refused ({Kind}): {Reason}")]
    private partial void LogRefused(string service, ActivationKind kind, string reason);
}
