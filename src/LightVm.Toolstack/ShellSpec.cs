namespace LightVm.Toolstack;

/// <summary>Everything a shell needs that does not depend on who the guest is for.</summary>
public sealed record ShellSpec
{
    public required string Service { get; init; }

    public required string Driver { get; init; }

    /// <summary>The image to run (for the process driver: the guest binary).</summary>
    public required string Image { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>The port the application will listen on inside the guest.</summary>
    public required int Port { get; init; }
}
