using System.Globalization;
using System.Text;
using System.Text.Json;
using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>report.md (what docs/benchmarks/toolstack.md publishes) and results.json (every sample, for plots).</summary>
internal static class Report
{
    private static readonly int[] Positions = [10, 100, 500, 1000];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

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
        Line($"- **Baselines**: `fork/exec` = `Process.Start(\"/bin/true\")` + `WaitForExit` from .NET; `runc run` = `runc run --bundle` of a static-busybox bundle running `true`, with the guests' isolation (namespaces incl. network, read-only root, no capabilities, own cgroup) but no NIC, timed until runc exits (create, start, run, exit, delete).");
        Line($"- Warm-up: before each series {o.Warmup} guests go through the same path and are destroyed (not counted), so the figures are not the JIT's.");
        Line($"");

        SeriesTables(r, Line);
        ChannelTable(r, Line);
        PauseTable(r, Line);
        MemoryTable(r, Line);
        DevdTable(r, Line);

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

    private static void SeriesTables(BenchResults r, Action<FormattableString> line)
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

    private static void ChannelTable(BenchResults r, Action<FormattableString> line)
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

    private static void PauseTable(BenchResults r, Action<FormattableString> line)
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

    private static void MemoryTable(BenchResults r, Action<FormattableString> line)
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

    private static void DevdTable(BenchResults r, Action<FormattableString> line)
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

    public static string Json(BenchResults r)
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
                guestK = Positions.Where(k => k <= s.Total.Count).ToDictionary(k => k.ToString(CultureInfo.InvariantCulture), k => s.Total.WindowMedian(k)),
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

    private static string Cells(Summary s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.N} | {Ms(s.Min)} | {Ms(s.Median)} | {Ms(s.P90)} | {Ms(s.P99)} | {Ms(s.Max)}");

    private static string MedP99(Samples s) => s.Count == 0 ? "–" : $"{Ms(s.Median)} / {Ms(s.Percentile(99))}";

    private static string Ms(double value) =>
        double.IsNaN(value) ? "–" : value.ToString(value >= 100 ? "0.0" : "0.000", CultureInfo.InvariantCulture);

    private static string Ratio(double value, double baseline) =>
        double.IsNaN(value) || double.IsNaN(baseline) || baseline <= 0 ? "–" : Times(value / baseline);

    private static string Times(double ratio) =>
        double.IsNaN(ratio) || double.IsInfinity(ratio) ? "–" : ratio.ToString(ratio >= 100 ? "0" : ratio >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + "x";

    private static string Oneline(string text)
    {
        var t = text.ReplaceLineEndings(" ").Replace("|", "/", StringComparison.Ordinal);
        return t.Length > 400 ? t[..400] + "…" : t;
    }
}
