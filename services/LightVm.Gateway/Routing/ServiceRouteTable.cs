using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace LightVm.Gateway.Routing;

/// <summary>
/// Every route the gateway knows (one per service, or per instance of an <c>instancePer: host</c> service): lookup
/// for <see cref="RouteActivator"/> and <see cref="RouteEvents"/>, and the snapshot the YARP config provider builds from.
/// </summary>
public sealed class ServiceRouteTable(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ServiceRoute> _routes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Raised (outside any lock) when a service's guest endpoint appears, changes or goes.</summary>
    public event Action? Changed;

    /// <summary>The services with a guest (ready, paused or resuming) and where it is.</summary>
    public IReadOnlyList<(string Service, Guid GuestId, Uri Endpoint, RouteState State)> Snapshot()
    {
        var list = new List<(string, Guid, Uri, RouteState)>();
        foreach (var route in _routes.Values)
        {
            if (route.Destination is { } d)
            {
                list.Add((route.Key, d.GuestId, d.Endpoint, d.State));
            }
        }

        return list;
    }

    public RouteState StateOf(string key) => _routes.TryGetValue(key, out var route) ? route.State : RouteState.None;

    internal ServiceRoute GetOrAdd(string key) => _routes.GetOrAdd(key, k => new ServiceRoute(k, time));

    internal bool TryGet(string key, [NotNullWhen(true)] out ServiceRoute? route) => _routes.TryGetValue(key, out route);

    internal void OnChanged() => Changed?.Invoke();
}
