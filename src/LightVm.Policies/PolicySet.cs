namespace LightVm.Policies;

/// <summary>The validated policies, by service name (case-insensitive, as host names are).</summary>
public sealed class PolicySet
{
    private readonly Dictionary<string, ServicePolicy> _byName;

    public PolicySet(IEnumerable<ServicePolicy> policies)
    {
        _byName = policies.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyCollection<ServicePolicy> All => _byName.Values;

    public bool TryGet(string name, out ServicePolicy policy) => _byName.TryGetValue(name, out policy!);

    public ServicePolicy Get(string name) =>
        TryGet(name, out var policy) ? policy : throw new KeyNotFoundException($"No policy for service '{name}'.");
}
