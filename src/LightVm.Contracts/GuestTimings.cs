namespace LightVm.Contracts;

/// <summary>Where the time of one spin-up went, in milliseconds, as measured by the agent.</summary>
public sealed record GuestTimings
{
    /// <summary>From the gateway sending the command to the agent starting on it.</summary>
    public required double QueueMs { get; init; }

    /// <summary>Taking a prepared shell from the pool (or creating one cold when the pool was empty).</summary>
    public required double ShellMs { get; init; }

    /// <summary>Writing the device page and releasing the guest.</summary>
    public required double ExecuteMs { get; init; }

    /// <summary>From release until the guest answered the readiness probe.</summary>
    public required double ReadyMs { get; init; }
}
