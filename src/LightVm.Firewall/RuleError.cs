namespace LightVm.Firewall;

/// <summary>One thing wrong in a rules text.</summary>
/// <param name="Line">The 1-based line of the rule.</param>
/// <param name="Rule">The rule as written (trimmed, without its comment).</param>
/// <param name="Message">What is wrong and what is allowed instead.</param>
public sealed record RuleError(int Line, string Rule, string Message)
{
    public override string ToString() => $"line {Line}: '{Rule}': {Message}";
}
