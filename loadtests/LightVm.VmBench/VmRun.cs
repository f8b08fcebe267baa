using LightVm.ToolstackBench;

namespace LightVm.VmBench;

/// <summary>Every figure of one driver's run.</summary>
internal sealed class VmRun
{
    public required string Driver { get; init; }

    public Samples Execute { get; } = new();

    public Samples Prepare { get; } = new();

    public Samples Cold { get; } = new();

    public Samples Pause { get; } = new();

    public Samples Resume { get; } = new();

    /// <summary>Execute-to-ready of the k-th guest of the ramp (k = index + 1).</summary>
    public Samples Ramp { get; } = new();

    public Samples PssMb { get; } = new();

    public Samples RssMb { get; } = new();

    public int Reached { get; set; }

    public string? StoppedBecause { get; set; }

    public double IdleCpuPercent { get; set; } = double.NaN;

    public double HostDropPerGuestMb { get; set; } = double.NaN;

    public TimeSpan PrepareAllTime { get; set; }

    public TimeSpan Teardown { get; set; }

    public List<string> Problems { get; } = [];
}
