namespace LightVm.Policies;

/// <summary>Thrown when policies are invalid; the message lists every error with file, field and what is allowed.</summary>
public sealed class PolicyValidationException : Exception
{
    public PolicyValidationException(IReadOnlyList<PolicyError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    public PolicyValidationException()
        : this([])
    {
    }

    public PolicyValidationException(string message)
        : this([new PolicyError("?", "?", message)])
    {
    }

    public PolicyValidationException(string message, Exception inner)
        : base(message, inner)
    {
        Errors = [new PolicyError("?", "?", message)];
    }

    public IReadOnlyList<PolicyError> Errors { get; }

    private static string Format(IReadOnlyList<PolicyError> errors) =>
        errors.Count == 0
            ? "Invalid policies."
            : $"Invalid policies ({errors.Count} error{(errors.Count == 1 ? string.Empty : "s")}):{Environment.NewLine}  "
              + string.Join(Environment.NewLine + "  ", errors);
}
