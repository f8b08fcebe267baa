namespace LightVm.Firewall;

/// <summary>The outcome of evaluating a flow: the action and the rule that gave it (null when the default applied).</summary>
public sealed record FirewallDecision(FirewallAction Action, FirewallRule? Rule)
{
    public bool Allowed => Action == FirewallAction.Allow;

    /// <summary>For logs and headers: <c>rule 2 (deny host *.ads.test)</c> or <c>default deny</c>.</summary>
    public string Describe() => Rule is null
        ? $"default {FirewallRule.ActionWord(Action)}"
        : $"rule {Rule.Line} ({Rule.Text})";
}
