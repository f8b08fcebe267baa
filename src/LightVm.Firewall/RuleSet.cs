using System.Net;

namespace LightVm.Firewall;

/// <summary>Parsed rules in order, and the default action: the first rule that matches a flow decides, else the default.</summary>
public sealed class RuleSet
{
    public RuleSet(IReadOnlyList<FirewallRule> rules, FirewallAction @default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
        Default = @default;
    }

    /// <summary>No rules, default deny: what an empty rules text gives.</summary>
    public static RuleSet DenyAll { get; } = new([], FirewallAction.Deny);

    public IReadOnlyList<FirewallRule> Rules { get; }

    public FirewallAction Default { get; }

    /// <summary>The decision for the flow to <paramref name="host"/> (as the client wrote it), its resolved <paramref name="address"/> (null when unknown) and <paramref name="port"/>.</summary>
    public FirewallDecision Evaluate(string host, IPAddress? address, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        foreach (var rule in Rules)
        {
            if (rule.Matches(host, address, port))
            {
                return new FirewallDecision(rule.Action, rule);
            }
        }

        return new FirewallDecision(Default, null);
    }
}
