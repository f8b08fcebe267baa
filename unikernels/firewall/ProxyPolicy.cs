using LightVm.Firewall;

namespace LightVm.FirewallGuest;

/// <summary>What every connection shares: whose firewall this is, the answers in that user's name, and the current rules (swapped whole when a newer page brings new ones).</summary>
public sealed class ProxyPolicy
{
    private RuleSet _rules;

    public ProxyPolicy(string user, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(rules);
        User = HeaderText.Clean(user);
        Responses = new ProxyResponses(User);
        _rules = rules;
    }

    public string User { get; }

    public ProxyResponses Responses { get; }

    /// <summary>No flow lines (the prewarm's throw-away proxy).</summary>
    public bool Quiet { get; init; }

    public RuleSet Rules
    {
        get => Volatile.Read(ref _rules);
        set => Volatile.Write(ref _rules, value ?? throw new ArgumentNullException(nameof(value)));
    }
}
