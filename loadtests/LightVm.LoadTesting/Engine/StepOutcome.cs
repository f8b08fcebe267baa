namespace LightVm.LoadTesting.Engine;

/// <summary>
/// What a step reports: success or the kind of error (e.g. "http 503", "timeout", "connection refused"), an
/// optional label to split figures by (e.g. the activation: cold, warm, resumed), the time to first byte when it
/// differs from the step's end, and per-phase timings (from Server-Timing).
/// </summary>
public sealed record StepOutcome
{
    public static StepOutcome Success { get; } = new();

    public string? Error { get; init; }

    public string? Label { get; init; }

    /// <summary>From the actual start of the step to the first byte of the answer.</summary>
    public TimeSpan? FirstByte { get; init; }

    public IReadOnlyDictionary<string, double>? PhasesMs { get; init; }

    public bool Ok => Error is null;

    public static StepOutcome Failed(string kind, string? label = null) => new() { Error = kind, Label = label };
}
