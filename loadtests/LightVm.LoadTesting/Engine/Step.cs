namespace LightVm.LoadTesting.Engine;

/// <summary>One named, timed action of a scenario's iteration (e.g. "first request", "second request").</summary>
public sealed record Step(string Name, Func<IterationContext, CancellationToken, Task<StepOutcome>> Run);
