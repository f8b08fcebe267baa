namespace LightVm.Firewall;

/// <summary>What a rule (or the default) does with a flow.</summary>
public enum FirewallAction
{
    Allow,
    Deny,
}
