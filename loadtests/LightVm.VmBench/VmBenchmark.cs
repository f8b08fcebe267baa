using System.Diagnostics;
using LightVm.Devd;
using LightVm.Devd.Network;
using LightVm.Policies;
using LightVm.Policies.Pages;
using LightVm.Toolstack;
using LightVm.Toolstack.Drivers.Qemu;
using LightVm.Toolstack.Drivers.Uml;
using LightVm.Toolstack.Launching;
using LightVm.LoadTesting.Cli;
using LightVm.LoadTesting.Machine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LightVm.VmBench;

/// <summary>
/// One VM driver measured as the issues ask (docs/benchmarks/&lt;driver&gt;.md): execute from a pre-booted shell,
/// cold boot to ready, pause/resume, PSS per idle guest, a density ramp recording the execute latency of the
/// k-th guest, and host CPU with every guest idle. Guests run jit-web; readiness is a TCP connect as the agent's.
/// </summary>
internal static class VmBenchmark
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        VmBenchOptions options;
        try
        {
            options = VmBenchOptions.Parse(args);
            if (options.HelpOnly)
            {
                return 0;
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        var root = RepoRoot.Find() ?? throw new InvalidOperationException("Run from inside the repository (no LightVm.Services.sln above the program).");
        var image = Path.Combine(root, "artifacts", "guests", "jit-web", "jit-web");
        var machine = await MachineInfo.CollectAsync(root).ConfigureAwait(false);
        var runs = new List<VmRun>();
        foreach (var name in options.Drivers)
        {
            Console.WriteLine($"== {name}");
            runs.Add(await MeasureAsync(name, image, options).ConfigureAwait(false));
        }

        var command = string.Join(' ', ["lightvm-vm-bench", .. args]);
        var directory = options.OutDirectory ?? Path.Combine(root, "docs", "benchmarks");
        Directory.CreateDirectory(directory);
        foreach (var run in runs)
        {
            var report = VmReport.Render(run, runs, options, machine, command);
            var output = Path.Combine(directory, run.Driver + ".md");
            await File.WriteAllTextAsync(output, report).ConfigureAwait(false);
            Console.WriteLine(report);
            Console.WriteLine($"written to {output}");
        }

        return 0;
    }

    private static async Task<VmRun> MeasureAsync(string name, string image, VmBenchOptions options)
    {
        var started = Stopwatch.StartNew();
        var (driver, memoryMiB) = CreateDriver(name, options.Count("memory-mib", name));
        var run = new VmRun { Driver = name, MemoryMiB = memoryMiB, Target = options.Count("density", name) };
        var spec = new ShellSpec { Service = "bench-" + name, Driver = name, Image = image, Port = 8080 };
        var policy = new ServicePolicy
        {
            Name = spec.Service,
            Driver = spec.Driver,
            Image = spec.Image,
            Port = spec.Port,
            PauseAfter = TimeSpan.FromHours(1),
            DestroyAfter = TimeSpan.FromHours(1),
            StartTimeout = ReadyTimeout,
            Pool = 0,
            MaxHeld = 1000,
        };
        var running = new List<Shell>();
        try
        {
            await ColdAsync(driver, spec, policy, options.Count("cold", name), run).ConfigureAwait(false);
            if (driver.Capabilities.HasFlag(DriverCapabilities.SaveRestore))
            {
                await SaveRestoreAsync(driver, spec, policy, options.Count("save", name), run).ConfigureAwait(false);
            }

            var availableBefore = HostMemory.ReadKb("MemAvailable");
            await PreparedBatchAsync(driver, spec, policy, options.Count("execute", name), run, running).ConfigureAwait(false);
            await RampAsync(driver, spec, policy, options.Count("density", name), options.MinAvailableMb, run, running).ConfigureAwait(false);
            run.Reached = running.Count;
            run.Accelerator = running.Count > 0 ? running[0].Accelerator : run.Accelerator;
            foreach (var shell in running.TakeLast(Math.Min(50, running.Count)))
            {
                if (GuestFootprint.Measure(shell) is { } figures)
                {
                    run.PssMb.Add(figures.PssMb);
                    run.RssMb.Add(figures.RssMb);
                }
            }

            run.HostDropPerGuestMb = (availableBefore - HostMemory.ReadKb("MemAvailable")) / 1024.0 / Math.Max(1, running.Count);
            Console.WriteLine($"{running.Count} guests idle: measuring host CPU for 10 s");
            run.IdleCpuPercent = await HostCpu.BusyPercentAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await PauseResumeAsync(driver, running, options.Count("pause", name), run).ConfigureAwait(false);
        }
        catch (GuestStartException e)
        {
            run.Problems.Add($"the run stopped early: {e.Message}");
        }
        finally
        {
            var teardown = Stopwatch.StartNew();
            await Parallel.ForEachAsync(running, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (shell, _) => await driver.DestroyAsync(shell, CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
            run.Teardown = teardown.Elapsed;
        }

        run.Took = started.Elapsed;
        return run;
    }

    private static (IGuestDriver Driver, int MemoryMiB) CreateDriver(string name, int memoryMiB)
    {
        var network = new GuestNetwork(new GuestNetworkOptions(), new NetlinkNicPlugger(), new TapPlugger());
        switch (name)
        {
            case "uml":
                var uml = new UmlDriverOptions();
                uml.MemoryMiB = memoryMiB > 0 ? memoryMiB : uml.MemoryMiB;
                return (new UmlDriver(uml, network, TimeProvider.System, NullLogger<UmlDriver>.Instance), uml.MemoryMiB);
            case "qemu":
                var qemu = new QemuDriverOptions();
                qemu.MemoryMiB = memoryMiB > 0 ? memoryMiB : qemu.MemoryMiB;
                return (new QemuDriver(qemu, network, TimeProvider.System, NullLogger<QemuDriver>.Instance), qemu.MemoryMiB);
            default:
                throw new ArgumentException($"Driver '{name}' is not built into this benchmark.");
        }
    }

    /// <summary>Saves a prepared shell to a file and restores it to a new prepared shell, then executes that clone; timed each.</summary>
    private static async Task SaveRestoreAsync(IGuestDriver driver, ShellSpec spec, ServicePolicy policy, int count, VmRun run)
    {
        var directory = Path.Combine(Path.GetTempPath(), "lightvm-vm-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var path = Path.Combine(directory, $"snapshot-{i}");
                var shell = await driver.PrepareAsync(spec, CancellationToken.None).ConfigureAwait(false);
                try
                {
                    var watch = Stopwatch.StartNew();
                    await driver.SaveAsync(shell, path, CancellationToken.None).ConfigureAwait(false);
                    run.Save.Add(watch.Elapsed.TotalMilliseconds);
                }
                finally
                {
                    await driver.DestroyAsync(shell, CancellationToken.None).ConfigureAwait(false);
                }

                run.SnapshotMb = new FileInfo(path).Length / 1024.0 / 1024.0;
                var restoreWatch = Stopwatch.StartNew();
                var clone = await driver.RestoreAsync(spec, path, CancellationToken.None).ConfigureAwait(false);
                run.Restore.Add(restoreWatch.Elapsed.TotalMilliseconds);
                try
                {
                    run.RestoredExecute.Add(await ExecuteAsync(driver, clone, policy).ConfigureAwait(false));
                }
                finally
                {
                    await driver.DestroyAsync(clone, CancellationToken.None).ConfigureAwait(false);
                    File.Delete(path);
                    File.Delete(path + ".json");
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Console.WriteLine($"save/restore: {run.Save.Count} done");
    }

    /// <summary>Prepare, execute and wait for ready, one at a time; the guest is destroyed after each.</summary>
    private static async Task ColdAsync(IGuestDriver driver, ShellSpec spec, ServicePolicy policy, int count, VmRun run)
    {
        for (var i = 0; i < count; i++)
        {
            var launched = await LaunchAsync(driver, spec, policy, prepared: null).ConfigureAwait(false);
            run.Cold.Add(launched.Timings.TotalMs);
            await driver.DestroyAsync(launched.Guest.Shell, CancellationToken.None).ConfigureAwait(false);
        }

        Console.WriteLine($"cold: {run.Cold.Count} done");
    }

    /// <summary>Prepares <paramref name="count"/> shells first (off the timed path), then executes each, timed; they stay running.</summary>
    private static async Task PreparedBatchAsync(IGuestDriver driver, ShellSpec spec, ServicePolicy policy, int count, VmRun run, List<Shell> running)
    {
        var shells = new List<Shell>();
        var all = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            var prepared = await driver.PrepareAsync(spec, CancellationToken.None).ConfigureAwait(false);
            run.Prepare.Add(watch.Elapsed.TotalMilliseconds);
            shells.Add(prepared);
            running.Add(prepared); // destroyed at the end whatever happens
        }

        run.PrepareAllTime = all.Elapsed;
        Console.WriteLine($"prepared {count} shells in {all.Elapsed.TotalSeconds:0.0} s");
        foreach (var shell in shells)
        {
            try
            {
                var elapsed = await ExecuteAsync(driver, shell, policy).ConfigureAwait(false);
                run.Execute.Add(elapsed);
                run.Ramp.Add(elapsed);
            }
            catch (GuestStartException e)
            {
                run.Problems.Add($"a prepared shell (stopped for {(DateTimeOffset.UtcNow - shell.PreparedAt).TotalSeconds:0} s) did not become ready: {e.Message}");
            }
        }
    }

    /// <summary>Adds guests one at a time (prepare untimed, execute-to-ready timed) until the count or the memory floor.</summary>
    private static async Task RampAsync(IGuestDriver driver, ShellSpec spec, ServicePolicy policy, int density, long minAvailableMb, VmRun run, List<Shell> running)
    {
        while (running.Count < density)
        {
            var available = HostMemory.ReadKb("MemAvailable") / 1024;
            if (available < minAvailableMb)
            {
                run.StoppedBecause = $"host memory available fell to {available} MB (floor {minAvailableMb} MB)";
                break;
            }

            Shell shell;
            try
            {
                shell = await driver.PrepareAsync(spec, CancellationToken.None).ConfigureAwait(false);
            }
            catch (GuestStartException e)
            {
                run.StoppedBecause = $"guest {running.Count + 1} could not be prepared: {e.Message}";
                break;
            }

            running.Add(shell);
            try
            {
                run.Ramp.Add(await ExecuteAsync(driver, shell, policy).ConfigureAwait(false));
            }
            catch (GuestStartException e)
            {
                run.StoppedBecause = $"guest {running.Count} did not become ready: {e.Message}";
                break;
            }

            if (running.Count % 50 == 0)
            {
                Console.WriteLine($"ramp: {running.Count} guests, last execute {run.Ramp.Values[^1]:0.00} ms, available {available} MB");
            }
        }
    }

    private static async Task PauseResumeAsync(IGuestDriver driver, List<Shell> running, int count, VmRun run)
    {
        if (running.Count == 0)
        {
            return;
        }

        for (var i = 0; i < count; i++)
        {
            var shell = running[i % running.Count];
            var watch = Stopwatch.StartNew();
            await driver.PauseAsync(shell, CancellationToken.None).ConfigureAwait(false);
            run.Pause.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            await driver.ResumeAsync(shell, CancellationToken.None).ConfigureAwait(false);
            run.Resume.Add(watch.Elapsed.TotalMilliseconds);
        }

        // The last one paused and resumed must still serve.
        try
        {
            await ReadinessProbe.WaitAsync(running[(count - 1) % running.Count], TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        }
        catch (GuestStartException e)
        {
            run.Problems.Add($"after pause/resume a guest did not answer: {e.Message}");
        }
    }

    /// <summary>Executes a prepared shell with the page the Dom0 agent writes and waits until it accepts a connection; returns that time.</summary>
    private static async Task<double> ExecuteAsync(IGuestDriver driver, Shell shell, ServicePolicy policy) =>
        (await LaunchAsync(driver, shell.Spec, policy, shell).ConfigureAwait(false)).Timings.ExecuteToReadyMs;

    /// <summary>The agent's launch path (<see cref="GuestLauncher"/>): a cold shell, or the prepared one given; a failed launch is destroyed.</summary>
    private static Task<LaunchResult> LaunchAsync(IGuestDriver driver, ShellSpec spec, ServicePolicy policy, Shell? prepared) =>
        new GuestLauncher(new GuestDriverCatalog([driver]), TimeProvider.System).LaunchAsync(
            new LaunchRequest
            {
                Spec = spec,
                Prepared = prepared,
                Page = g => DevicePageFactory.Create(g.Id, g.Service, GuestNic.For(g.Shell), policy),
                Timeout = ReadyTimeout,
            },
            CancellationToken.None);
}
