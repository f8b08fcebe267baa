using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace LightVm.Gateway.Proxy;

/// <summary>An immutable snapshot of routes and clusters, with the token that fires when it is replaced.</summary>
internal sealed class GuestProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
{
    private readonly CancellationTokenSource _changed = new();

    public IReadOnlyList<RouteConfig> Routes { get; } = routes;

    public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;

    public IChangeToken ChangeToken => new CancellationChangeToken(_changed.Token);

    public void SignalChange() => _changed.Cancel();
}
