namespace LightVm.Tinyx.Recipes;

/// <summary>One problem in a recipe: file, line, field and what is allowed instead.</summary>
public sealed record RecipeError(string File, string Field, string Message, int Line = 0)
{
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}: {Field}: {Message}" : $"{File}: {Field}: {Message}";
}
