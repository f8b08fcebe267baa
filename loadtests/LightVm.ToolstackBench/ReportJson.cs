using System.Globalization;
using System.Text.Json;
using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>results.json: the run's options, machine and every sample of every table, for plots.</summary>
internal static class ReportJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Render(BenchResults r)
    {
        var document = new
        {
            machine = r.Machine,
            command = r.Command,
            guest = new { image = r.GuestImage, sha256Prefix = r.GuestDigest },
            options = new
            {
                r.Options.N,
                r.Options.SlowN,
                r.Options.PauseN,
                r.Options.BaselineN,
                r.Options.RuncCliN,
                r.Options.Warmup,
                r.Options.DevdCount,
                r.Options.Series,
                r.Options.PoolConcurrency,
                r.Options.DestroyConcurrency,
            },
            elapsedSeconds = r.Elapsed.TotalSeconds,
            cancelled = r.Cancelled,
            resources = new { BenchResources.RuncRoot, BenchResources.Bridge, BenchResources.Subnet, BenchResources.CgroupParent, BenchResources.StateRoot },
            baselines = new
            {
                forkExec = Figures(r.ForkExec),
                runcRun = Figures(r.RuncRun),
            },
            creation = r.Series.Select(s => new
            {
                series = s.Name,
                s.Description,
                s.Baseline,
                s.Pooled,
                s.Target,
                created = s.Total.Count,
                s.Failures,
                s.StoppedEarly,
                s.Error,
                ratioOfMediansToBaseline = s.Total.Median / r.BaselineMedian(s.Baseline),
                guestK = ReportTables.Positions.Where(k => k <= s.Total.Count).ToDictionary(k => k.ToString(CultureInfo.InvariantCulture), k => s.Total.WindowMedian(k)),
                lastOverTenth = s.Total.Count >= 10 ? s.Total.WindowMedian(Math.Min(1000, s.Total.Count)) / s.Total.WindowMedian(10) : double.NaN,
                poolFillSeconds = s.PoolFill?.TotalSeconds,
                s.PoolFilled,
                s.PoolFailures,
                s.ColdFallbacks,
                loopSeconds = s.Loop.TotalSeconds,
                settleSeconds = s.Settle.TotalSeconds,
                cpuBusyAtStart = s.BusyAtStart,
                arpBefore = s.ArpBefore,
                arpAfter = s.ArpAfter,
                neighbourThresholds = ArpCacheStats.Thresholds(),
                guestsOverOneSecond = s.OverOneSecond,
                guestsThatCannotWatchTheirPage = s.CannotWatch,
                teardownSeconds = s.Teardown.TotalSeconds,
                s.TeardownFailures,
                totalMs = Figures(s.Total),
                shellMs = Figures(s.Shell),
                executeMs = Figures(s.Execute),
                readyMs = Figures(s.Ready),
            }),
            pauseResume = r.PauseResume.Append(r.RuncCli).OfType<PauseResumeRun>().Select(p => new
            {
                driver = p.Driver,
                running = p.Running,
                pauseMs = Figures(p.Pause),
                resumeMs = Figures(p.Resume),
                p.Checked,
                p.Answered,
                p.Failures,
            }),
            memory = r.Memory.Select(mem => new
            {
                driver = mem.Driver,
                pssMb = Figures(mem.PssMb),
                rssMb = Figures(mem.RssMb),
                processesPerGuest = mem.Processes.Median,
                totalPssOverN = mem.PssMb.Count > 0 ? mem.TotalPssMb / mem.PssMb.Count : double.NaN,
                hostDropPerGuestMb = mem.HostDropPerGuestMb,
                mem.Unreadable,
            }),
            devd = r.Devd is { } d ? new { d.Command, d.OutDirectory, d.ExitCode, elapsedSeconds = d.Elapsed.TotalSeconds, d.Warmup, plugMs = d.Plug, unplugMs = d.Unplug, d.Error } : null,
            problems = r.Problems,
            leftBeforeRun = r.LeftBeforeRun,
            containersAfterTeardown = r.ContainersAfterTeardown,
            portsAfterTeardown = r.PortsAfterTeardown,
            forcedCleanup = r.ForcedCleanup,
        };
        return JsonSerializer.Serialize(document, Indented);
    }

    private static object Figures(Samples s) => new { summary = s.Summarize(), samples = s.Values };
}
