using System.Text.RegularExpressions;

namespace LightVm.Policies;

/// <summary>
/// Instance keys: the name a guest is known by on the bus and in the route table. For a service with
/// <c>instancePer: service</c> it is the service name; with <c>instancePer: host</c> it is
/// <c>&lt;label&gt;.&lt;service&gt;</c>, one per distinct host label (for a TLS service: per SNI name, its dots as
/// dashes); with <c>instancePer: user</c> it is <c>&lt;user&gt;.&lt;service&gt;</c>.
/// </summary>
public static partial class ServiceInstance
{
    public static string Key(ServicePolicy policy, string? label) =>
        policy.InstancePer != InstancePer.Service && label is { Length: > 0 } ? $"{label.ToLowerInvariant()}.{policy.Name}" : policy.Name;

    /// <summary>The label of instance <paramref name="key"/> of <paramref name="policy"/>: <c>alice</c> of <c>alice.firewall</c>; null for the service's one guest.</summary>
    public static string? LabelOf(ServicePolicy policy, string key) =>
        key.Length > policy.Name.Length + 1 && key.EndsWith("." + policy.Name, StringComparison.OrdinalIgnoreCase)
            ? key[..^(policy.Name.Length + 1)].ToLowerInvariant()
            : null;

    /// <summary>The instance label of a TLS host name: lower case, dots as dashes (<c>shop.example.test</c> -> <c>shop-example-test</c>).</summary>
    public static string HostLabel(string hostName) => hostName.TrimEnd('.').Replace('.', '-').ToLowerInvariant();

    /// <summary>True when <paramref name="label"/> is one DNS label (1-63 of a-z, 0-9, '-'; no dots).</summary>
    public static bool IsLabel(string label) => Label().IsMatch(label);

    /// <summary>Finds the policy of an instance key: a service name, or <c>&lt;label&gt;.&lt;service&gt;</c> of an instancePer: host service.</summary>
    public static bool TryResolve(PolicySet policies, string key, out ServicePolicy policy) =>
        TryResolve(policies, key, out policy, out _);

    /// <summary>
    /// Finds the policy of an instance key and the instance's label (null for the service's one guest): the user of
    /// an <c>instancePer: user</c> service, the host label of an <c>instancePer: host</c> one.
    /// </summary>
    public static bool TryResolve(PolicySet policies, string key, out ServicePolicy policy, out string? label)
    {
        label = null;
        if (policies.TryGet(key, out policy))
        {
            return true;
        }

        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && IsLabel(key[..dot]) && policies.TryGet(key[(dot + 1)..], out policy) && policy.InstancePer != InstancePer.Service)
        {
            label = key[..dot].ToLowerInvariant();
            return true;
        }

        policy = null!;
        return false;
    }

    [GeneratedRegex("^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
