namespace LightVm.Toolstack.Launching;

/// <summary>Where the time of one launch went, in milliseconds.</summary>
public sealed record LaunchTimings
{
    /// <summary>Taking the shell: from the pool, or preparing it cold (0 for a shell given prepared).</summary>
    public required double ShellMs { get; init; }

    /// <summary>Building the device page, writing it and releasing the guest.</summary>
    public required double ExecuteMs { get; init; }

    /// <summary>From release until the guest answered the readiness probe.</summary>
    public required double ReadyMs { get; init; }

    /// <summary>From the launch's start until the guest was ready (the phases and what lies between them).</summary>
    public required double TotalMs { get; init; }

    public double ExecuteToReadyMs => ExecuteMs + ReadyMs;
}
