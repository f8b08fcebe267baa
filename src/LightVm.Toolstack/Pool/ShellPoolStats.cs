namespace LightVm.Toolstack.Pool;

/// <summary>A pool's figures for one service: what is ready, what it aims for, and what went wrong.</summary>
public sealed record ShellPoolStats
{
    public required string Service { get; init; }

    public required int Ready { get; init; }

    public required int Target { get; init; }

    public required long Prepared { get; init; }

    /// <summary>Takes that found the pool empty and created a shell on the request path.</summary>
    public required long ColdCreates { get; init; }

    public required long Failures { get; init; }

    /// <summary>Pooled shells found dead at take time, destroyed instead of handed out.</summary>
    public required long Discarded { get; init; }

    public string? LastError { get; init; }
}
