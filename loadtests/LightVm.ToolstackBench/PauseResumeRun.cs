using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>Table 3 for one driver: pause and resume latencies over running guests, and the `runc` command-line baseline.</summary>
internal sealed class PauseResumeRun
{
    public required string Driver { get; init; }

    /// <summary>Running guests while measuring.</summary>
    public required int Running { get; init; }

    public Samples Pause { get; } = new();

    public Samples Resume { get; } = new();

    /// <summary>Resumed guests checked to answer TCP again (untimed), and how many did.</summary>
    public int Checked { get; set; }

    public int Answered { get; set; }

    public int Failures { get; set; }
}
