using System.Globalization;
using LightVm.LoadTesting.Machine;
using static LightVm.ToolstackBench.ReportCells;

namespace LightVm.ToolstackBench;

/// <summary>The tables of report.md: creation series, host-guest channel, pause/resume, memory, devd.</summary>
internal static class ReportTables
{
    /// <summary>The k-th guest's latency is read at these positions of a series.</summary>
    public static readonly int[] Positions = [10, 100, 500, 1000];

    public static void SeriesTables(BenchResults r, Action<FormattableString> line)
    {
        line($"## 1. Creation latency as guests accumulate");
        line($"");
        line($"Request to guest answering TCP, all guests of each series (ms):");
        line($"");
        line($"| series | request path | n | min | median | p90 | p99 | max | baseline | median / baseline |");
        line($"|---|---|---:|---:|---:|---:|---:|---:|---|---:|");
        line($"| **fork/exec** (baseline) | `Process.Start(\"/bin/true\")` + `WaitForExit` | {Cells(r.ForkExec.Summarize())} | – | 1.00x |");
        line($"| **runc run** (baseline) | `runc run` of a busybox `true` bundle | {Cells(r.RuncRun.Summarize())} | – | 1.00x |");
        foreach (var s in r.Series)
        {
            line($"| {s.Name} | {s.Description} | {Cells(s.Total.Summarize())} | {s.Baseline} | {Ratio(s.Total.Median, r.BaselineMedian(s.Baseline))} |");
        }

        line($"");
        line($"Latency of guest k (median of guests k-4..k+5, ms) and flatness (goal: guest 1000 ≤ 1.2x guest 10):");
        line($"");
        line($"| series | N | guest 10 | guest 100 | guest 500 | guest 1000 | last guest / guest 10 | goal |");
        line($"|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in r.Series)
        {
            var cells = string.Join(" | ", Positions.Select(k => Ms(s.Total.WindowMedian(k))));
            var last = Math.Min(1000, s.Total.Count);
            var ratio = s.Total.WindowMedian(last) / s.Total.WindowMedian(10);
            var verdict = last < 1000 ? $"guest {last} (N = {s.Total.Count}); {(ratio <= 1.2 ? "within" : "over")} 1.2x" : ratio <= 1.2 ? "met" : "not met";
            line($"| {s.Name} | {s.Total.Count} | {cells} | {Times(ratio)} | {verdict} |");
        }

        line($"");
        line($"Where the time goes (median / p99, ms): the shell (pool take, or prepare when cold), the execute call (page built and written, `go` sent; `oci-start` also runs `runc start`), and execute-returned to guest-ready:");
        line($"");
        line($"| series | shell | execute | ready | total | execute-from-shell goal (≤ 1.3 ms median, request to ready) |");
        line($"|---|---:|---:|---:|---:|---|");
        foreach (var s in r.Series)
        {
            var goal = s.Pooled ? (s.Total.Median <= 1.3 ? "met" : "not met") + string.Create(CultureInfo.InvariantCulture, $" ({s.Total.Median:0.000} ms)") : "– (no shell: cold)";
            line($"| {s.Name} | {MedP99(s.Shell)} | {MedP99(s.Execute)} | {MedP99(s.Ready)} | {MedP99(s.Total)} | {goal} |");
        }

        line($"");
        line($"Preparing the pools (off the request path, {r.Options.PoolConcurrency} prepares at a time, `ShellPool` with its own background refill):");
        line($"");
        line($"| series | shells | fill time s | fill time / shell ms | failed prepares | takes that found the pool empty |");
        line($"|---|---:|---:|---:|---:|---:|");
        foreach (var s in r.Series.Where(s => s.Pooled))
        {
            var fill = s.PoolFill?.TotalSeconds ?? double.NaN;
            line($"| {s.Name} | {s.PoolFilled} | {fill:0.0} | {(s.PoolFilled > 0 ? fill * 1000 / s.PoolFilled : double.NaN):0.0} | {s.PoolFailures} | {s.ColdFallbacks} |");
        }

        line($"");
        line($"The host during each timed loop: before it, the benchmark waited (up to 60 s) for the CPUs to be less than 25% busy for 2 s, as a pool filled ahead of time would find them; the kernel's neighbour (ARP) table is one table for all network namespaces, limited by net.ipv4.neigh.default.gc_thresh1/2/3 = {ArpCacheStats.Thresholds()} on this host; when it is full the kernel drops the packet that needed a new entry (here: the probe's SYN, which TCP retries after 1 s, then 3 s, ...):");
        line($"");
        line($"| series | settle wait s | CPU busy at start | loop s | neighbour entries at start → end | \"table full\" drops | forced GC runs | guests ≥ 1 s |");
        line($"|---|---:|---:|---:|---|---:|---:|---:|");
        foreach (var s in r.Series)
        {
            var (before, after) = (s.ArpBefore, s.ArpAfter);
            var entries = before is null || after is null ? "–" : string.Create(CultureInfo.InvariantCulture, $"{before.Entries} → {after.Entries}");
            var fulls = before is null || after is null ? "–" : (after.TableFulls - before.TableFulls).ToString(CultureInfo.InvariantCulture);
            var forced = before is null || after is null ? "–" : (after.ForcedGcRuns - before.ForcedGcRuns).ToString(CultureInfo.InvariantCulture);
            line($"| {s.Name} | {s.Settle.TotalSeconds:0.0} | {s.BusyAtStart:P0} | {s.Loop.TotalSeconds:0.0} | {entries} | {fulls} | {forced} | {s.OverOneSecond} |");
        }

        line($"");
    }

    public static void ChannelTable(BenchResults r, Action<FormattableString> line)
    {
        line($"## 2. Device page vs store channel");
        line($"");
        line($"The same pooled series twice: the guest's config as a device page file (noxs, `configChannel: page`) or fetched by the guest from the host's metadata service over HTTP after \"go\" (`configChannel: store`, what cloud guests do). \"Execute to ready\" is from `driver.ExecuteAsync` being called (page written, or published in the store) to the guest answering TCP; for the store it includes the guest's connection and GET. ms:");
        line($"");
        line($"| driver | channel | n | execute to ready: min | median | p90 | p99 | max | guest 10 | guest 100 | guest 500 | guest 1000 | median / page |");
        line($"|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var driver in new[] { "process", "oci" })
        {
            var page = r.Series.FirstOrDefault(s => s.Name == driver);
            var store = r.Series.FirstOrDefault(s => s.Name == driver + "-store");
            if (page is null || store is null)
            {
                line($"| {driver} | – | – | not measured in this run (needs series {driver} and {driver}-store) | | | | | | | | | |");
                continue;
            }

            foreach (var (run, channel) in new[] { (page, "page"), (store, "store") })
            {
                var execReady = run.ExecuteToReady;
                var positions = string.Join(" | ", Positions.Select(k => Ms(execReady.WindowMedian(k))));
                line($"| {driver} | {channel} | {Cells(execReady.Summarize())} | {positions} | {Ratio(execReady.Median, page.ExecuteToReady.Median)} |");
            }
        }

        line($"");
    }

    public static void PauseTable(BenchResults r, Action<FormattableString> line)
    {
        line($"## 3. Pause and resume");
        line($"");
        line($"`driver.PauseAsync` and `driver.ResumeAsync` (both drivers: pause = SIGSTOP for `process`, the guest's cgroup freezer written directly for `oci`; each call returns once the state is reached), one guest at a time, on guests spread evenly over the N running ones (ms). Baseline: `runc pause` / `runc resume` processes on oci guests (what Docker does). Goal ≤ 1 ms.");
        line($"");
        line($"| driver | operation | running guests | n | min | median | p90 | p99 | max | median / baseline | goal ≤ 1 ms (median) |");
        line($"|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var cli = r.RuncCli;
        if (cli is not null)
        {
            line($"| **runc CLI** (baseline) | pause | {cli.Running} | {Cells(cli.Pause.Summarize())} | 1.00x | – |");
            line($"| **runc CLI** (baseline) | resume | {cli.Running} | {Cells(cli.Resume.Summarize())} | 1.00x | – |");
        }

        foreach (var p in r.PauseResume)
        {
            line($"| {p.Driver} | pause | {p.Running} | {Cells(p.Pause.Summarize())} | {Ratio(p.Pause.Median, cli?.Pause.Median ?? double.NaN)} | {(p.Pause.Median <= 1 ? "met" : "not met")} |");
            line($"| {p.Driver} | resume | {p.Running} | {Cells(p.Resume.Summarize())} | {Ratio(p.Resume.Median, cli?.Resume.Median ?? double.NaN)} | {(p.Resume.Median <= 1 ? "met" : "not met")} |");
        }

        foreach (var p in r.PauseResume)
        {
            line($"");
            line($"{p.Driver}: {p.Answered} of {p.Checked} resumed guests checked answered TCP again; {p.Failures} pause/resume failures.");
        }

        line($"");
    }

    public static void MemoryTable(BenchResults r, Action<FormattableString> line)
    {
        line($"## 4. Memory per idle guest");
        line($"");
        line($"PSS (proportional set size: shared pages divided among the processes that map them) summed over each guest's processes from `/proc/<pid>/smaps_rollup`, with all N guests of the series running and idle (MB = MiB). RSS counts shared pages in full. \"Host drop / N\" = the fall of MemAvailable from before the pool was filled to N running guests, per guest: it also counts kernel memory (page tables, sockets, netns, veth, cgroups) and the benchmark's own growth. Baseline: the `process` guest. Goal ≤ 4 MB PSS.");
        line($"");
        line($"| driver | guests | min | median | p90 | p99 | max | total PSS / N | RSS median | host drop / N | median / baseline | goal ≤ 4 MB |");
        line($"|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var baseline = r.Memory.FirstOrDefault(x => x.Driver == "process")?.PssMb.Median ?? double.NaN;
        foreach (var mem in r.Memory)
        {
            var s = mem.PssMb.Summarize();
            line($"| {mem.Driver} | {s.N} | {s.Min:0.00} | {s.Median:0.00} | {s.P90:0.00} | {s.P99:0.00} | {s.Max:0.00} | {(s.N > 0 ? mem.TotalPssMb / s.N : double.NaN):0.00} | {mem.RssMb.Median:0.00} | {mem.HostDropPerGuestMb:0.00} | {Ratio(s.Median, baseline)} | {(s.Median <= 4 ? "met" : "not met")} |");
        }

        foreach (var mem in r.Memory.Where(x => x.Unreadable > 0))
        {
            line($"");
            line($"{mem.Driver}: {mem.Unreadable} guests had no readable process.");
        }

        line($"");
    }

    public static void DevdTable(BenchResults r, Action<FormattableString> line)
    {
        line($"## 5. Devd: per-NIC setup, rtnetlink vs `ip` commands");
        line($"");
        if (r.Devd is not { } d)
        {
            line($"Not run (`--skip-devd`).");
            line($"");
            return;
        }

        if (d.Plug.Count == 0)
        {
            line($"The Devd benchmark failed: {d.Error}");
            line($"");
            return;
        }

        line($"Measured in this run by `loadtests/LightVm.DevdBench` (`{d.Command}`, {d.Elapsed.TotalSeconds:0} s; its own report: `devd/report.md` next to this one). A plug = veth pair with the guest end created in a fresh network namespace (name, MAC), lo up, address, NIC up, default route, host end attached to a bridge and up; sequential, netlink and `ip` interleaved, {d.Warmup} warm-up plugs each not counted. `NetlinkNicPlugger` is what the oci driver uses; `ip` (one `ip`/`nsenter ip` process per step, the hotplug-script way) is the baseline. ms:");
        line($"");
        line($"| plugger | operation | n | min | median | p90 | p99 | max | median / baseline (ip) |");
        line($"|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (operation, figures) in new[] { ("plug", d.Plug), ("unplug", d.Unplug) })
        {
            var ip = figures.TryGetValue("ip", out var i) ? i.Median : double.NaN;
            foreach (var (name, s) in figures.OrderBy(p => p.Key == "ip" ? 0 : 1))
            {
                line($"| {(name == "ip" ? "**ip** (baseline)" : name)} | {operation} | {Cells(s)} | {Ratio(s.Median, ip)} |");
            }
        }

        line($"");
    }
}
