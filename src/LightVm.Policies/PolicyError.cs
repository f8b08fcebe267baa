namespace LightVm.Policies;

/// <summary>One problem in one policy file: where it is and what is allowed instead.</summary>
public sealed record PolicyError(string File, string Field, string Message, int Line = 0)
{
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}: {Field}: {Message}" : $"{File}: {Field}: {Message}";
}
