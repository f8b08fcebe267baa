namespace LightVm.LoadTesting.Scenarios;

/// <summary>
/// Memory after k guests: the guests the agent listed with a host process, their processes and PSS/RSS, and the
/// host's available memory.
/// </summary>
public sealed record MemoryPoint(long Guests, int Listed, int Processes, double PssMb, double RssMb, long AvailableKb)
{
    public double PssPerGuestMb => PssMb / Math.Max(1, Listed);

    public double RssPerGuestMb => RssMb / Math.Max(1, Listed);
}
