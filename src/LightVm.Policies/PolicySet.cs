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

    /// <summary>The <c>instancePer: user</c> service that has user <paramref name="name"/> (user names are unique across policies).</summary>
    public bool TryFindUser(string name, out ServicePolicy policy, out ProxyUser user)
    {
        foreach (var candidate in _byName.Values)
        {
            foreach (var known in candidate.Users)
            {
                if (string.Equals(known.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    policy = candidate;
                    user = known;
                    return true;
                }
            }
        }

        policy = null!;
        user = null!;
        return false;
    }

    /// <summary>The TLS service that terminates <paramref name="hostName"/> (host names are unique across policies).</summary>
    public bool TryFindTlsHost(string hostName, out ServicePolicy policy, out TlsHost host)
    {
        var name = hostName.TrimEnd('.');
        foreach (var candidate in _byName.Values)
        {
            foreach (var known in candidate.Hosts)
            {
                if (string.Equals(known.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    policy = candidate;
                    host = known;
                    return true;
                }
            }
        }

        policy = null!;
        host = null!;
        return false;
    }

    public ServicePolicy Get(string name) =>
        TryGet(name, out var policy) ? policy : throw new KeyNotFoundException($"No policy for service '{name}'.");
}
