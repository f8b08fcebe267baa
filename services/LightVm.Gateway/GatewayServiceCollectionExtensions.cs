using LightVm.Gateway.Activity;
using LightVm.Gateway.Fronts;
using LightVm.Gateway.Proxy;
using LightVm.Gateway.Routing;
using LightVm.Hosting.Bus;
using LightVm.Policies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace LightVm.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>The front proxy: route table, hold queues, YARP with a bus-fed config snapshot.</summary>
    public static IReverseProxyBuilder AddLightVmGateway(this IServiceCollection services, Action<GatewayOptions>? configure = null)
    {
        services.AddOptions<GatewayOptions>()
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ActivityTracker>();
        services.TryAddSingleton<IGuestCommands, BusGuestCommands>();
        services.TryAddSingleton<ServiceRouteTable>();
        services.TryAddSingleton<RouteActivator>();
        services.TryAddSingleton<RouteEvents>();
        services.TryAddSingleton<ActivationMiddleware>();
        services.TryAddSingleton<IProxyConfigProvider, GuestProxyConfigProvider>();
        services.AddHostedService<ActivityFlusher>();
        services.AddBusComponent(new GatewayBusComponent());
        return services.AddReverseProxy();
    }

    /// <summary>
    /// The TCP-level fronts beside HTTP: the forward proxy (personal firewalls), TLS by SNI, and plain TCP services.
    /// Each shares the route table and hold queues with HTTP; <see cref="FrontEndpoints"/> says where each listens.
    /// </summary>
    public static IServiceCollection AddLightVmGatewayFronts(this IServiceCollection services, FrontSettings settings)
    {
        services.TryAddSingleton<FrontEndpoints>();
        services.TryAddSingleton<GuestFlows>();
        if (settings.Proxy is { } proxy)
        {
            services.TryAddSingleton<ProxyFrontHandler>();
            services.AddSingleton<IHostedService>(sp => Listener(sp, sp.GetRequiredService<ProxyFrontHandler>(), proxy));
        }

        if (settings.Tls is { } tls)
        {
            services.TryAddSingleton<TlsFrontHandler>();
            services.AddSingleton<IHostedService>(sp => Listener(sp, sp.GetRequiredService<TlsFrontHandler>(), tls));
        }

        foreach (var (service, endpoint) in settings.Tcp)
        {
            services.AddSingleton<IHostedService>(sp => Listener(
                sp,
                new TcpFrontHandler(sp.GetRequiredService<PolicySet>().Get(service), sp.GetRequiredService<GuestFlows>(), sp.GetRequiredService<ILogger<TcpFrontHandler>>()),
                endpoint));
        }

        return services;
    }

    /// <summary>Maps the proxy (hosts <c>&lt;service&gt;.&lt;suffix&gt;</c>) and a 404 for everything else.</summary>
    public static IEndpointRouteBuilder MapLightVmGateway(this IEndpointRouteBuilder endpoints)
    {
        var activation = endpoints.ServiceProvider.GetRequiredService<ActivationMiddleware>();
        endpoints.MapReverseProxy(pipeline =>
        {
            pipeline.Use(activation.InvokeAsync);
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        var suffix = endpoints.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value.HostSuffix;
        var policies = endpoints.ServiceProvider.GetRequiredService<PolicySet>();
        endpoints.MapFallback(context =>
        {
            var host = context.Request.Host.Host;
            var service = host.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase) ? host[..^(suffix.Length + 1)] : null;
            var known = string.Join(", ", policies.All.Select(p => p.Name).Order(StringComparer.Ordinal));
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            var message = service is null
                ? $"No service for host '{host}': send Host: <service>.{suffix} (services: {known}).\n"
                : $"No service named '{service}' (services: {known}).\n";
            return context.Response.WriteAsync(message, context.RequestAborted);
        });
        return endpoints;
    }

    private static FrontListener Listener(IServiceProvider services, IFrontHandler handler, System.Net.IPEndPoint endpoint) =>
        new(handler, endpoint, services.GetRequiredService<FrontEndpoints>(), services.GetRequiredService<ILogger<FrontListener>>());
}
