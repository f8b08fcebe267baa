using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>Table 4 for one driver: PSS and RSS per idle guest (MB), over all its running guests.</summary>
internal sealed class MemoryRun
{
    public required string Driver { get; init; }

    public Samples PssMb { get; } = new();

    public Samples RssMb { get; } = new();

    /// <summary>Processes per guest (all the guest's processes are summed).</summary>
    public Samples Processes { get; } = new();

    public int Unreadable { get; set; }

    /// <summary>Host MemAvailable before the series' pool was filled minus at N running guests, per guest (MB): includes kernel objects.</summary>
    public double HostDropPerGuestMb { get; set; }

    public double TotalPssMb => PssMb.Values.Sum();
}
