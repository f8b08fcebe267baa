using System.ComponentModel.DataAnnotations;

namespace LightVm.Gateway;

public sealed class GatewayOptions
{
    /// <summary>Requests for <c>&lt;service&gt;.&lt;HostSuffix&gt;</c> go to that service.</summary>
    [Required]
    [RegularExpression("^[a-z0-9.-]+$", ErrorMessage = "HostSuffix must be a DNS suffix such as 'localhost' or 'fn.example.com'.")]
    public string HostSuffix { get; set; } = "localhost";

    [Required]
    public string GatewayId { get; set; } = $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}";

    /// <summary>How often activity is batched to the agents (GuestActivity).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ActivityFlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Retry-After (seconds) on a 503.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;
}
