using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>Table 5 as measured by loadtests/LightVm.DevdBench, run within this benchmark, and its own report.</summary>
internal sealed class DevdRun
{
    public required string Command { get; init; }

    public required string OutDirectory { get; init; }

    public int ExitCode { get; set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>Plug (and unplug) figures per plugger ("netlink", "ip"), in ms, from its results.json.</summary>
    public Dictionary<string, Summary> Plug { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Summary> Unplug { get; } = new(StringComparer.Ordinal);

    public int Warmup { get; set; }

    public string? Error { get; set; }
}
