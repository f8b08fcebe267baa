using System.Globalization;
using System.Text;
using LightVm.LoadTesting.Machine;
using static LightVm.ToolstackBench.ReportCells;

namespace LightVm.ToolstackBench;

/// <summary>report.md (what docs/benchmarks/toolstack.md publishes): setup, tables (<see cref="ReportTables"/>), notes. results.json: <see cref="ReportJson"/>.</summary>
internal static class Report
{

    public static string Markdown(BenchResults r)
    {
        var o = r.Options;
        var m = r.Machine;
        var b = new StringBuilder();
        void Line(FormattableString text) => b.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');

        Line($"# Toolstack (chaos): creation, pause/resume, memory, Devd");
        Line($"");
        Line($"- Machine: {m.Cores} cores ({m.Cpu}), {m.Memory} memory, Linux {m.Kernel}; {m.Runc}. Guests are host processes and runc containers: no hypervisor is involved, so KVM/TCG does not matter here.");
        Line($"- .NET {m.Dotnet}, Release build; commit {m.CommitLabel}; date {m.Date:yyyy-MM-dd HH:mm} UTC; the run took {r.Elapsed.TotalMinutes:0.0} min.");
        Line($"- Command: `{r.Command}`");
        Line($"- Guest: `{r.GuestImage}` (jit-web, sha256 {r.GuestDigest}…), copied to {BenchResources.ImageDirectory} for the run.");
        Line($"- Isolated resources: runc root {BenchResources.RuncRoot}, bridge {BenchResources.Bridge} on {BenchResources.Subnet}, cgroup parent /{BenchResources.CgroupParent}, state under {BenchResources.StateRoot}; all removed at the end.");
        Line($"- Sizes: N = {o.N} guests for `process` and `oci` from a pool; N = {o.SlowN} for `oci-start` and `oci` cold{ScaledDown(r)}. Baselines: {o.BaselineN} runs each (after 5 (fork/exec) and 3 (`runc run`) warm-up runs). Pause/resume: {o.PauseN} guests per driver; `runc pause`/`resume` baseline: {o.RuncCliN}. Devd: {o.DevdCount} NICs per plugger.");
        Line($"- Cleanup: `runc --root {BenchResources.RuncRoot} list` after the last teardown listed {(r.ContainersAfterTeardown.Count == 0 ? "no container" : $"{r.ContainersAfterTeardown.Count} containers (force-deleted)")}; {(r.PortsAfterTeardown.Count == 0 ? "no port was left on the bridge" : $"{r.PortsAfterTeardown.Count} bridge ports were left (deleted)")}.");
        if (r.Cancelled)
        {
            Line($"- **The run was cancelled: the figures below are partial.**");
        }

        Line($"");
        Line($"## What the numbers mean");
        Line($"");
        Line($"- All latencies are in milliseconds, wall clock (`Stopwatch`) in the benchmark process, which drives the drivers directly: no bus, no gateway, no HTTP request. Percentiles are nearest-rank over all samples; \"median / baseline\" divides a row's median by the median of the named baseline measured in this same run.");
        Line($"- **Creation latency of guest k** (table 1): guests are created one after another and all kept running. From the request (for a pooled series: `ShellPool.TakeAsync`; cold: `driver.PrepareAsync`) through building the device page as the Dom0 agent does (`DevicePageFactory`) and `driver.ExecuteAsync`, to the guest accepting a TCP connection on its endpoint (`ReadinessProbe.WaitAsync`, the probe the agent uses). For a pooled series the pool was filled first (untimed per shell; the fill as a whole is reported) and set to target 0, so no refill runs in the background while guests are timed.");
        Line($"- **Guest k** in the flatness table is the median of the {Samples.WindowWidth} guests k-4..k+5 (shifted left to fit at the end of a series). The paper's flatness goal: guest 1000 within 1.2x of guest 10.");
        Line($"- **Baselines**: `fork/exec` = `Process.Start(\"/bin/true\")` + `WaitForExit` from .NET; `runc run` = `runc run --bundle` of a static-busybox bundle running `true`, with the guests' own runtime config (`OciBundle`: namespaces incl. network, read-only root, no capabilities, own cgroup) but no NIC and no device page, timed until runc exits (create, start, run, exit, delete).");
        Line($"- Warm-up: before each series {o.Warmup} guests go through the same path and are destroyed (not counted), so the figures are not the JIT's.");
        Line($"");

        ReportTables.SeriesTables(r, Line);
        ReportTables.ChannelTable(r, Line);
        ReportTables.PauseTable(r, Line);
        ReportTables.MemoryTable(r, Line);
        ReportTables.DevdTable(r, Line);

        Line($"## Problems and notes");
        Line($"");
        if (r.LeftBeforeRun.Count > 0)
        {
            Line($"- Before the run, leftovers of an earlier run were removed: {string.Join("; ", r.LeftBeforeRun.Take(5))}{(r.LeftBeforeRun.Count > 5 ? $" (+{r.LeftBeforeRun.Count - 5} more)" : string.Empty)}.");
        }

        var notes = Notes(r);
        foreach (var note in notes)
        {
            Line($"- {note}");
        }

        foreach (var problem in r.Problems.Take(40))
        {
            Line($"- {Oneline(problem)}");
        }

        if (r.Problems.Count > 40)
        {
            Line($"- … and {r.Problems.Count - 40} more (all in results.json).");
        }

        if (r.ForcedCleanup.Count > 0)
        {
            Line($"- Forced cleanup after the run: {string.Join("; ", r.ForcedCleanup.Take(10))}.");
        }

        if (r.Problems.Count == 0 && r.ForcedCleanup.Count == 0 && r.LeftBeforeRun.Count == 0 && notes.Count == 0)
        {
            Line($"- None: every guest was created, measured and destroyed.");
        }

        Line($"");
        Line($"Teardown (after each series, {o.DestroyConcurrency} destroys at a time, graceful poweroff through the page first):");
        Line($"");
        Line($"| series | guests destroyed | time s | failures |");
        Line($"|---|---:|---:|---:|");
        foreach (var s in r.Series)
        {
            Line($"| {s.Name} | {s.Destroyed} | {s.Teardown.TotalSeconds:0.0} | {s.TeardownFailures} |");
        }

        Line($"");
        return b.ToString();
    }

    /// <summary>What the host did to a series that is not the toolstack's path, read from the counters of this run.</summary>
    private static List<string> Notes(BenchResults r)
    {
        var notes = new List<string>();
        foreach (var s in r.Series)
        {
            if (s.ArpBefore is { } before && s.ArpAfter is { } after && after.TableFulls > before.TableFulls)
            {
                notes.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{s.Name}: the kernel's neighbour table was full {after.TableFulls - before.TableFulls} times during the timed loop ({after.Entries} entries at its end; gc_thresh1/2/3 = {ArpCacheStats.Thresholds()}, one table shared by the host and every guest namespace, and each oci guest needs an entry on each side). {s.OverOneSecond} guests took 1 s or more (their first SYN was dropped and retried by TCP): they, not the toolstack's path, set this series' p99 and max. Not changed here (host-wide settings): raising gc_thresh2/3 would remove it, and so would Devd writing permanent neighbour entries at plug time (the guest's MAC is known then), which would also take the ARP exchange off the request path."));
            }

            if (s.CannotWatch is > 0 and var cannot)
            {
                notes.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{s.Name}: {cannot} of {s.Destroyed} running guests said they could not watch their device page with inotify (fs.inotify.max_user_instances = {InotifyInstances()} per user on this host, and all guests of a driver run as one user) and check it every 2 s instead: a poweroff written to the page then takes up to 2 s, more than destroy's 1 s grace, so destroy usually waits out the grace and then kills them, which lengthens this series' teardown ({s.Teardown.TotalSeconds:0} s). Creation is not affected (the watcher starts after the guest answers)."));
            }
        }

        return notes;
    }

    private static string InotifyInstances()
    {
        try
        {
            return File.ReadAllText("/proc/sys/fs/inotify/max_user_instances").Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>Why the slow series are smaller, with what they cost per guest in this very run.</summary>
    private static string ScaledDown(BenchResults r)
    {
        var slow = r.Series.Where(s => s.Name is "oci-start" or "oci-cold" && s.Total.Count > 0).ToList();
        if (r.Options.SlowN >= r.Options.N || slow.Count == 0)
        {
            return string.Empty;
        }

        var perGuest = string.Join(", ", slow.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.SecondsPerGuest * 1000:0} ms")));
        var extra = slow.Sum(s => s.SecondsPerGuest * (r.Options.N - s.Total.Count)) / 60;
        return string.Create(
            CultureInfo.InvariantCulture,
            $" (scaled down: each of their guests spawns runc on the request path; per guest, pool fill + creation + teardown cost {perGuest} of wall time in this run, so N = {r.Options.N} would have added about {extra:0} min to a run meant to stay within about 15 min; their flatness is given up to guest {r.Options.SlowN})");
    }
}
