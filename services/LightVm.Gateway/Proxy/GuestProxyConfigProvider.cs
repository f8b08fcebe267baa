using LightVm.Gateway.Routing;
using LightVm.Policies;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace LightVm.Gateway.Proxy;

/// <summary>
/// YARP's view of the platform: one route per service (matched by host <c>&lt;service&gt;.&lt;suffix&gt;</c>) and
/// one cluster per service whose destination is the service's current guest. Bus events change the route
/// table; this provider swaps in a new immutable snapshot and signals YARP.
/// </summary>
internal sealed class GuestProxyConfigProvider : IProxyConfigProvider
{
    private readonly PolicySet _policies;
    private readonly ServiceRouteTable _table;
    private readonly string _suffix;
    private readonly Lock _lock = new();
    private GuestProxyConfig _current;

    public GuestProxyConfigProvider(PolicySet policies, ServiceRouteTable table, IOptions<GatewayOptions> options)
    {
        _policies = policies;
        _table = table;
        _suffix = options.Value.HostSuffix;
        _current = Build();
        _table.Changed += Update;
    }

    public IProxyConfig GetConfig() => Volatile.Read(ref _current);

    private void Update()
    {
        GuestProxyConfig previous;
        lock (_lock)
        {
            previous = _current;
            Volatile.Write(ref _current, Build());
        }

        previous.SignalChange();
    }

    private GuestProxyConfig Build()
    {
        var guests = _table.Snapshot().ToDictionary(g => g.Service, StringComparer.OrdinalIgnoreCase);
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var policy in _policies.All.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            routes.Add(new RouteConfig
            {
                RouteId = policy.Name,
                ClusterId = policy.Name,
                Match = new RouteMatch
                {
                    Hosts = policy.InstancePer == InstancePer.Host
                        ? [$"{policy.Name}.{_suffix}", $"*.{policy.Name}.{_suffix}"]
                        : [$"{policy.Name}.{_suffix}"],
                },
            });
            var destinations = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
            if (guests.TryGetValue(policy.Name, out var guest))
            {
                destinations[guest.GuestId.ToString("N")] = new DestinationConfig { Address = guest.Endpoint.ToString() };
            }

            clusters.Add(new ClusterConfig
            {
                ClusterId = policy.Name,
                Destinations = destinations,
                HttpRequest = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(100) },
            });
        }

        return new GuestProxyConfig(routes, clusters);
    }
}
