namespace LightVm.LoadTesting.Scenarios;

/// <summary>Memory after k guests: guest processes and their PSS/RSS, and the host's available memory.</summary>
public sealed record MemoryPoint(long Guests, int Processes, double PssMb, double RssMb, long AvailableKb);
