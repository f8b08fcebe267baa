using LightVm.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LightVm.Hosting;

public static class PolicyServiceCollectionExtensions
{
    /// <summary>Registers the validated policies (load them first, so a bad file stops start-up with its message).</summary>
    public static IServiceCollection AddLightVmPolicies(this IServiceCollection services, PolicySet policies)
    {
        services.TryAddSingleton(policies);
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
