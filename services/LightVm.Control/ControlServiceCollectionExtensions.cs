using LightVm.Control.Guests;
using LightVm.Control.Operator;
using LightVm.Hosting.Bus;
using LightVm.Policies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LightVm.Control;

public static class ControlServiceCollectionExtensions
{
    public static IServiceCollection AddLightVmControl(this IServiceCollection services)
    {
        services.TryAddSingleton<GuestReadModel>();
        services.AddBusComponent(new ControlBusComponent());
        return services;
    }

    /// <summary>The operator API under <paramref name="prefix"/> ("" standalone, "/_lightvm" embedded).</summary>
    public static IEndpointRouteBuilder MapLightVmControl(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        var api = endpoints.MapGroup(prefix + "/api");
        api.MapGet("/guests", (GuestReadModel model) => Results.Ok(model.All));
        api.MapGet("/guests/{id:guid}", (Guid id, GuestReadModel model) =>
            model.All.FirstOrDefault(g => g.Id == id) is { } guest
                ? Results.Ok(guest)
                : Results.NotFound(new { error = $"no guest {id}" }));
        api.MapGet("/services", (GuestReadModel model, PolicySet policies) =>
        {
            var guests = model.All;
            return Results.Ok(policies.All.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new ServiceView
            {
                Name = p.Name,
                Driver = p.Driver,
                Image = p.Image,
                Port = p.Port,
                Pool = p.Pool,
                PauseAfter = Duration.Format(p.PauseAfter),
                DestroyAfter = Duration.Format(p.DestroyAfter),
                StartTimeout = Duration.Format(p.StartTimeout),
                MaxHeld = p.MaxHeld,
                Guests = guests.Count(g => ServiceInstance.TryResolve(policies, g.Service, out var of) && ReferenceEquals(of, p) && g.State != "Failed"),
                LastStartFailure = model.LastStartFailure(p.Name),
            }));
        });
        OperatorEndpoints.Map(api);
        endpoints.MapGet(prefix + "/healthz", () => Results.Text("ok\n"));
        return endpoints;
    }
}
