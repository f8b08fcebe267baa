using System.ComponentModel.DataAnnotations;

namespace LightVm.Dom0;

/// <summary>The host agent's options (configuration section <c>LightVm:Dom0</c>; <c>lightvm up</c>'s flags override it).</summary>
public sealed class Dom0Options
{
    public const string SectionName = "LightVm:Dom0";

    /// <summary>This agent's name on the bus; unique per host.</summary>
    [Required]
    public string AgentId { get; set; } = $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}";

    /// <summary>How often the idle reaper looks at every guest.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ReaperInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Shells prepared at the same time in the background.</summary>
    [Range(1, 64)]
    public int PoolConcurrency { get; set; } = 2;

    /// <summary>
    /// Shells made at the same time on the request path once a pool is empty; 0 means four per processor. A spin-up
    /// that cannot get a slot before its startTimeout fails (the gateway answers 503) without making anything.
    /// </summary>
    [Range(0, 256)]
    public int ColdConcurrency { get; set; }
}
