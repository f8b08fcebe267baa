using System.ComponentModel.DataAnnotations;

namespace LightVm.Dom0;

public sealed class Dom0Options
{
    /// <summary>This agent's name on the bus; unique per host.</summary>
    [Required]
    public string AgentId { get; set; } = $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}";

    /// <summary>How often the idle reaper looks at every guest.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ReaperInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Shells prepared at the same time in the background.</summary>
    [Range(1, 64)]
    public int PoolConcurrency { get; set; } = 2;
}
