using LightVm.LoadTesting.Machine;

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

    /// <summary>Save of a prepared shell to a file (drivers with save/restore).</summary>
    public Samples Save { get; } = new();

    /// <summary>Restore of that file to a prepared shell.</summary>
    public Samples Restore { get; } = new();

    /// <summary>Execute to ready of the restored clone.</summary>
    public Samples RestoredExecute { get; } = new();

    /// <summary>Execute-to-ready of the k-th guest of the ramp (k = index + 1).</summary>
    public Samples Ramp { get; } = new();

    public Samples PssMb { get; } = new();

    public Samples RssMb { get; } = new();

    public int Reached { get; set; }

    /// <summary>How many guests the ramp aimed for.</summary>
    public int Target { get; set; }

    public string? StoppedBecause { get; set; }

    public double IdleCpuPercent { get; set; } = double.NaN;

    public double HostDropPerGuestMb { get; set; } = double.NaN;

    public TimeSpan PrepareAllTime { get; set; }

    public TimeSpan Teardown { get; set; }

    /// <summary>How guest code ran (kvm, tcg, uml), from the shells.</summary>
    public string Accelerator { get; set; } = "-";

    /// <summary>Guest RAM (MiB) the driver gave each guest.</summary>
    public int MemoryMiB { get; set; }

    /// <summary>Size of one snapshot file (MB), when saves ran.</summary>
    public double SnapshotMb { get; set; } = double.NaN;

    public TimeSpan Took { get; set; }

    public List<string> Problems { get; } = [];
}
