namespace LightVm.Policies;

/// <summary>
/// Firewall rules as written in a policy (one rule per line, the syntax of LightVm.Firewall.RuleParser), with the
/// line in the policy file of each rule line, so that an error names the file's line, not the rule's index.
/// </summary>
public sealed record PolicyRules(string Text, IReadOnlyList<int> FileLines)
{
    public static readonly PolicyRules None = new(string.Empty, []);

    /// <summary>The file line of rule text line <paramref name="ruleLine"/> (1-based); 0 when unknown.</summary>
    public int FileLine(int ruleLine) => ruleLine >= 1 && ruleLine <= FileLines.Count ? FileLines[ruleLine - 1] : 0;
}
