using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>Everything one run measured and everything that went wrong, for the report and results.json.</summary>
internal sealed class BenchResults
{
    public required BenchOptions Options { get; init; }

    public required MachineInfo Machine { get; init; }

    public required string Command { get; init; }

    public required string GuestImage { get; init; }

    public required string GuestDigest { get; init; }

    public Samples ForkExec { get; set; } = new();

    public Samples RuncRun { get; set; } = new();

    public List<SeriesRun> Series { get; } = [];

    public List<PauseResumeRun> PauseResume { get; } = [];

    public PauseResumeRun? RuncCli { get; set; }

    public List<MemoryRun> Memory { get; } = [];

    public DevdRun? Devd { get; set; }

    public List<string> Problems { get; } = [];

    public List<string> LeftBeforeRun { get; } = [];

    /// <summary>`runc --root &lt;bench root&gt; list` after every series was torn down (should be empty).</summary>
    public List<string> ContainersAfterTeardown { get; } = [];

    public List<string> PortsAfterTeardown { get; } = [];

    public List<string> ForcedCleanup { get; } = [];

    public TimeSpan Elapsed { get; set; }

    public bool Cancelled { get; set; }

    public double BaselineMedian(string name) => name == "fork/exec" ? ForkExec.Median : RuncRun.Median;
}
