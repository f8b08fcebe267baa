using System.Collections.Concurrent;

namespace LightVm.Toolstack.Pool;

/// <summary>The prepared shells of one service and its counters.</summary>
internal sealed class ServicePool(ShellSpec spec, int target)
{
    public ShellSpec Spec { get; set; } = spec;

    public int Target { get; set; } = target;

    public ConcurrentQueue<Shell> Ready { get; } = new();

    public int InFlight;
    public long Prepared;
    public long ColdCreates;
    public long Failures;
    public long Discarded;
    public int ConsecutiveFailures;

    public string? LastError { get; set; }
}
