using LightVm.Gateway.Routing;
using LightVm.Hosting.Bus;

namespace LightVm.Gateway.Consumers;

/// <summary>Feeds the routes from the agents' events.</summary>
public sealed class GuestEventsConsumer(RouteEvents routes) : GuestEventConsumer<RouteEvents>(routes);
