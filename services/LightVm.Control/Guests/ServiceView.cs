namespace LightVm.Control.Guests;

/// <summary>One service's policy and its guests, as the control API shows it.</summary>
public sealed record ServiceView
{
    public required string Name { get; init; }

    public required string Driver { get; init; }

    public required string Image { get; init; }

    public required int Port { get; init; }

    public required int Pool { get; init; }

    public required string PauseAfter { get; init; }

    public required string DestroyAfter { get; init; }

    public required string StartTimeout { get; init; }

    public required int MaxHeld { get; init; }

    public required int Guests { get; init; }

    public string? LastStartFailure { get; init; }
}
