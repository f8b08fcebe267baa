namespace LightVm.Firewall;

/// <summary>A rules text did not parse; <see cref="Errors"/> holds every error, each with its line.</summary>
public sealed class RuleSyntaxException : Exception
{
    public RuleSyntaxException(IReadOnlyList<RuleError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    public RuleSyntaxException()
        : this([])
    {
    }

    public RuleSyntaxException(string message)
        : base(message)
    {
        Errors = [];
    }

    public RuleSyntaxException(string message, Exception inner)
        : base(message, inner)
    {
        Errors = [];
    }

    public IReadOnlyList<RuleError> Errors { get; }

    private static string Format(IReadOnlyList<RuleError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var heading = errors.Count == 1 ? "1 error in the firewall rules:" : $"{errors.Count} errors in the firewall rules:";
        return string.Join('\n', errors.Select(e => e.ToString()).Prepend(heading));
    }
}
