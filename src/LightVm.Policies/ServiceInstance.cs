using System.Text.RegularExpressions;

namespace LightVm.Policies;

/// <summary>
/// Instance keys: the name a guest is known by on the bus and in the route table. For a service with
/// <c>instancePer: service</c> it is the service name; with <c>instancePer: host</c> it is
/// <c>&lt;label&gt;.&lt;service&gt;</c>, one per distinct host label.
/// </summary>
public static partial class ServiceInstance
{
    public static string Key(ServicePolicy policy, string? label) =>
        policy.InstancePer == InstancePer.Host && label is { Length: > 0 } ? $"{label.ToLowerInvariant()}.{policy.Name}" : policy.Name;

    /// <summary>True when <paramref name="label"/> is one DNS label (1-63 of a-z, 0-9, '-'; no dots).</summary>
    public static bool IsLabel(string label) => Label().IsMatch(label);

    /// <summary>Finds the policy of an instance key: a service name, or <c>&lt;label&gt;.&lt;service&gt;</c> of an instancePer: host service.</summary>
    public static bool TryResolve(PolicySet policies, string key, out ServicePolicy policy)
    {
        if (policies.TryGet(key, out policy))
        {
            return true;
        }

        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && IsLabel(key[..dot]) && policies.TryGet(key[(dot + 1)..], out policy) && policy.InstancePer == InstancePer.Host)
        {
            return true;
        }

        policy = null!;
        return false;
    }

    [GeneratedRegex("^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
