using LightVm.Toolstack;
using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>One series of table 1 (guests created one after another and kept running), and what happened to it.</summary>
internal sealed class SeriesRun
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>The baseline this series' medians are divided by ("fork/exec" or "runc run").</summary>
    public required string Baseline { get; init; }

    /// <summary>True: shells come from a pool filled before the timed loop; false: prepared on the request path.</summary>
    public required bool Pooled { get; init; }

    public required int Target { get; init; }

    /// <summary>How the guests get their page: the device page file, or the metadata store (table 2).</summary>
    public LightVm.Toolstack.ConfigChannel Channel { get; init; } = LightVm.Toolstack.ConfigChannel.Page;

    /// <summary>Request to guest answering TCP, per guest in creation order.</summary>
    public Samples Total { get; } = new();

    /// <summary>Pooled: ShellPool.TakeAsync; cold: driver.PrepareAsync.</summary>
    public Samples Shell { get; } = new();

    /// <summary>Building the device page and driver.ExecuteAsync.</summary>
    public Samples Execute { get; } = new();

    /// <summary>ExecuteAsync returned to ReadinessProbe.WaitAsync returned.</summary>
    public Samples Ready { get; } = new();

    /// <summary>From the execute call to the guest answering: the config channel's share of a cold start.</summary>
    public Samples ExecuteToReady { get; } = new();

    public List<Shell> Running { get; } = [];

    public TimeSpan? PoolFill { get; set; }

    public int PoolFilled { get; set; }

    public long PoolFailures { get; set; }

    public long ColdFallbacks { get; set; }

    public int Failures { get; set; }

    public string? StoppedEarly { get; set; }

    public long MemAvailableBeforeKb { get; set; }

    public long MemAvailableAtEndKb { get; set; }

    public TimeSpan Loop { get; set; }

    /// <summary>Waited after the pool fill (or warm-up) for the host CPUs to quieten, and their busy share when the loop began.</summary>
    public TimeSpan Settle { get; set; }

    public double BusyAtStart { get; set; }

    /// <summary>Neighbour-table counters when the timed loop began and when it ended.</summary>
    public ArpCacheStats? ArpBefore { get; set; }

    public ArpCacheStats? ArpAfter { get; set; }

    /// <summary>Running guests whose console says they could not watch their page with inotify (they poll it instead); null when not checked.</summary>
    public int? CannotWatch { get; set; }

    /// <summary>Guests that took 1 s or more (the signature of a dropped SYN retried by TCP).</summary>
    public int OverOneSecond => Total.Values.Count(v => v >= 1000);

    public TimeSpan Teardown { get; set; }

    public int TeardownFailures { get; set; }

    /// <summary>Guests handed to teardown (the running ones; failed guests were destroyed on the spot).</summary>
    public int Destroyed { get; set; }

    /// <summary>Wall time this series cost the run per guest: pool fill, creation loop and teardown.</summary>
    public double SecondsPerGuest => Target == 0 ? double.NaN : ((PoolFill ?? TimeSpan.Zero) + Loop + Teardown).TotalSeconds / Math.Max(1, Total.Count);

    public bool Completed { get; set; }

    public string? Error { get; set; }
}
