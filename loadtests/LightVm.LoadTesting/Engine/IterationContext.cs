namespace LightVm.LoadTesting.Engine;

/// <summary>What a step knows about the iteration it runs in.</summary>
/// <param name="Iteration">0-based, counted separately for the warm-up and the measured phase.</param>
/// <param name="Client">The client (closed model) or -1 (open model: every arrival is a new client).</param>
/// <param name="WarmUp">True in the warm-up phase, whose figures are discarded.</param>
/// <param name="IntendedStart">When the schedule wanted this iteration to start, from the start of its phase.</param>
public sealed record IterationContext(long Iteration, int Client, bool WarmUp, TimeSpan IntendedStart);
