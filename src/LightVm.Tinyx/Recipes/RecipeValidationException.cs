namespace LightVm.Tinyx.Recipes;

/// <summary>A recipe that cannot be built; the message lists every problem, one per line.</summary>
public sealed class RecipeValidationException : Exception
{
    public RecipeValidationException(IReadOnlyList<RecipeError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
    {
        Errors = errors;
    }

    public RecipeValidationException()
    {
        Errors = [];
    }

    public RecipeValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    public RecipeValidationException(string message, Exception inner)
        : base(message, inner)
    {
        Errors = [];
    }

    public IReadOnlyList<RecipeError> Errors { get; }
}
