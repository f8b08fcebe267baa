using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LightVm.Devd;
using LightVm.LoadTesting.Cli;
using LightVm.LoadTesting.Machine;
using LightVm.Devd.Network;
using LightVm.Toolstack;
using LightVm.Toolstack.Drivers.Oci;
using LightVm.Toolstack.Drivers.Process;
using Microsoft.Extensions.Logging;

namespace LightVm.ToolstackBench;

/// <summary>
/// The toolstack's figures in one run, driving the drivers directly (no bus, no gateway): creation latency as
/// guests accumulate for process/oci/oci-start from pre-filled pools and oci cold, against fork/exec and
/// `runc run` measured in the same run; pause/resume; memory per idle guest; Devd netlink vs `ip`. Every
/// loop is bounded, the run as a whole has a deadline, and every guest is destroyed at the end, also on
/// failure or Ctrl-C; then the bench's runc root must list no container.
/// </summary>
internal static class ToolstackBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = RepoRoot.FindOrCurrent();
        var (parsed, exit) = await BenchCommandLine.ForRootAsync("lightvm-toolstack-bench needs root on Linux (runc, veths, a bridge, cgroups).", () => BenchOptions.Parse(args, root)).ConfigureAwait(false);
        if (parsed is not { } options)
        {
            return exit;
        }

        if (!File.Exists(options.Guest))
        {
            await Console.Error.WriteLineAsync($"{options.Guest} is missing: run ops/build-guests.sh first.").ConfigureAwait(false);
            return 2;
        }

        using var cts = new CancellationTokenSource(options.Timeout);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cts.Cancel();
        });

        var started = Stopwatch.StartNew();
        var results = new BenchResults
        {
            Options = options,
            Machine = await MachineInfo.CollectAsync(root).ConfigureAwait(false),
            Command = CommandLine(),
            GuestImage = Path.GetRelativePath(root, options.Guest),
            GuestDigest = Digest(options.Guest),
        };
        Console.WriteLine($"toolstack bench: {results.Command}");
        Console.WriteLine($"  series {string.Join(", ", options.Series)}; N = {options.N} (process, oci), {options.SlowN} (oci-start, oci-cold); out {options.OutDirectory}");

        results.LeftBeforeRun.AddRange(await ResourceSweeper.SweepAsync().ConfigureAwait(false));
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        try
        {
            await MeasureAsync(options, results, logs, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            results.Cancelled = true;
            results.Problems.Add($"the run was cancelled after {started.Elapsed.TotalMinutes:0.0} min (deadline {options.Timeout.TotalMinutes:0} min or a signal): figures are partial");
        }
        finally
        {
            results.ContainersAfterTeardown.AddRange(await ResourceSweeper.ListContainersAsync().ConfigureAwait(false));
            results.PortsAfterTeardown.AddRange(await ResourceSweeper.ListBridgePortsAsync().ConfigureAwait(false));
            results.ForcedCleanup.AddRange(await ResourceSweeper.SweepAsync().ConfigureAwait(false));
            Console.WriteLine($"  cleanup: {results.ContainersAfterTeardown.Count} containers and {results.PortsAfterTeardown.Count} bridge ports were left after teardown; bridge {BenchResources.Bridge} and state removed");
        }

        results.Elapsed = started.Elapsed;
        Directory.CreateDirectory(options.OutDirectory);
        var report = Report.Markdown(results);
        await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "report.md"), report, CancellationToken.None).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "results.json"), ReportJson.Render(results), CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine(report);
        Console.WriteLine($"written to {options.OutDirectory}");
        if (options.Publish)
        {
            var published = Path.Combine(root, "docs", "benchmarks", "toolstack.md");
            Directory.CreateDirectory(Path.GetDirectoryName(published)!);
            File.Copy(Path.Combine(options.OutDirectory, "report.md"), published, overwrite: true);
            Console.WriteLine($"published to {published}");
        }

        var failed = results.Cancelled || results.Series.Any(s => s.Error is not null || s.Failures > 0) || results.ContainersAfterTeardown.Count > 0
            || results.Devd is { Error: not null };
        return failed ? 1 : 0;
    }

    private static async Task MeasureAsync(BenchOptions options, BenchResults results, ILoggerFactory logs, CancellationToken ct)
    {
        var problems = results.Problems;
        Directory.CreateDirectory(BenchResources.ImageDirectory);
        var image = Path.Combine(BenchResources.ImageDirectory, Path.GetFileName(options.Guest));
        File.Copy(options.Guest, image, overwrite: true); // a rebuild of the artifact during the run must not change the guests

        Console.WriteLine("baselines:");
        results.ForkExec = Baselines.ForkExec(options.BaselineN, 5, problems, ct);
        Console.WriteLine($"  fork/exec /bin/true: median {results.ForkExec.Median:0.000} ms over {results.ForkExec.Count}");
        if (File.Exists("/bin/busybox"))
        {
            Directory.CreateDirectory(BenchResources.RuncRoot);
            var bundle = TrivialBundle.Create(BenchResources.BaselineBundle, "/bin/busybox", $"/{BenchResources.CgroupParent}/baseline");
            results.RuncRun = await Baselines.RuncRunAsync(options.BaselineN, 3, bundle, problems, ct).ConfigureAwait(false);
            Console.WriteLine($"  runc run (busybox true): median {results.RuncRun.Median:0.000} ms over {results.RuncRun.Count}");
        }
        else
        {
            problems.Add("runc run baseline skipped: /bin/busybox (static) is missing");
        }

        var network = new GuestNetwork(BenchResources.NetworkOptions(), new NetlinkNicPlugger(), new TapPlugger());
        var process = new ProcessDriver(BenchResources.ProcessOptions(), network, TimeProvider.System, logs.CreateLogger<ProcessDriver>());
        var ociOptions = BenchResources.OciOptions();
        var oci = new OciDriver(ociOptions, preboot: true, network, TimeProvider.System, logs.CreateLogger<OciDriver>());
        var ociStart = new OciDriver(ociOptions, preboot: false, network, TimeProvider.System, logs.CreateLogger<OciDriver>());

        foreach (var name in options.Series)
        {
            SeriesRun Run(string description, string baseline, bool pooled = true, ConfigChannel channel = ConfigChannel.Page) => new()
            {
                Name = name,
                Description = description,
                Baseline = baseline,
                Pooled = pooled,
                Target = options.CountFor(name),
                Channel = channel,
            };
            var (driver, run) = name switch
            {
                "process" => ((IGuestDriver)process, Run("process driver, shell from a pre-filled pool: take + page + \"go\" + ready", "fork/exec")),
                "oci" => (oci, Run("oci (pre-booted runc container), shell from a pre-filled pool: take + page + \"go\" + ready", "runc run")),
                "oci-start" => (ociStart, Run("oci-start (runc created, not started), shell from a pre-filled pool: take + page + `runc start` + ready", "runc run")),
                "process-store" => (process, Run("process, shell from a pre-filled pool, config from the metadata store: take + publish + \"go\" + guest GETs its page + ready", "fork/exec", channel: ConfigChannel.Store)),
                "oci-store" => (oci, Run("oci (pre-booted), shell from a pre-filled pool, config from the metadata store: take + publish + \"go\" + guest GETs its page + ready", "runc run", channel: ConfigChannel.Store)),
                _ => (oci, Run("oci cold, no pool: prepare (runc create + NIC + runc start) + page + \"go\" + ready", "runc run", pooled: false)),
            };
            results.Series.Add(run);
            Console.WriteLine($"series {name} ({run.Target} guests):");
            try
            {
                await CreationSeries.RunAsync(run, driver, image, options, logs, problems, ct).ConfigureAwait(false);
                if (name is "process" or "oci" && run.Running.Count > 0)
                {
                    results.Memory.Add(GuestMemory.Measure(name, run.Running, run));
                    results.PauseResume.Add(await PauseResume.MeasureAsync(driver, run.Running, options.PauseN, 5, problems, ct).ConfigureAwait(false));
                    if (name == "oci")
                    {
                        results.RuncCli = await PauseResume.MeasureRuncCliAsync(run.Running, options.RuncCliN, problems, ct).ConfigureAwait(false);
                    }
                }

                run.Completed = run.StoppedEarly is null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                run.Error = e.Message;
                problems.Add($"series {name} failed: {e}");
            }
            finally
            {
                run.Destroyed = run.Running.Count;
                var (elapsed, failures) = await Teardown.DestroyAllAsync(driver, run.Running, options.DestroyConcurrency, problems).ConfigureAwait(false);
                run.Teardown = elapsed;
                run.TeardownFailures = failures;
                Console.WriteLine($"  {name}: teardown took {elapsed.TotalSeconds:0.0} s ({failures} failures)");
            }

            if (run.StoppedEarly is { } why)
            {
                problems.Add($"series {name}: {why}");
            }
        }

        if (!options.SkipDevd)
        {
            ct.ThrowIfCancellationRequested();
            Console.WriteLine("devd (table 5):");
            results.Devd = await DevdBenchRunner.RunAsync(options.DevdCount, Path.Combine(options.OutDirectory, "devd"), ct).ConfigureAwait(false);
            if (results.Devd.Error is { } error)
            {
                problems.Add("devd: " + error);
            }
        }
    }

    private static string CommandLine()
    {
        var args = Environment.GetCommandLineArgs();
        var host = Environment.ProcessPath ?? args[0];
        var line = Path.GetFileNameWithoutExtension(host) == "dotnet" ? string.Join(' ', ["dotnet", .. args]) : string.Join(' ', [host, .. args.Skip(1)]);
        return $"cd {Directory.GetCurrentDirectory()} && {line}";
    }

    private static string Digest(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }
}
