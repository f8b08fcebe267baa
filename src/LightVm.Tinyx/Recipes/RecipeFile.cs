namespace LightVm.Tinyx.Recipes;

/// <summary>A file or directory of the recipe folder copied into the image.</summary>
public sealed record RecipeFile(string From, string To);
