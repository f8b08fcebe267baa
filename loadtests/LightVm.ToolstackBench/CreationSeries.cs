using System.Diagnostics;
using System.Globalization;
using LightVm.Policies;
using LightVm.Policies.Pages;
using LightVm.Toolstack;
using LightVm.Toolstack.Launching;
using LightVm.Toolstack.Pool;
using Microsoft.Extensions.Logging;
using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>
/// Table 1: creates <see cref="SeriesRun.Target"/> guests one after another and keeps them all running. The
/// latency of guest k is from the request (take a shell from the pool, or prepare one cold) to the guest
/// answering TCP on its endpoint (<see cref="ReadinessProbe"/>), through the page the Dom0 agent writes
/// (<see cref="DevicePageFactory"/>): the agent's launch path, <see cref="GuestLauncher"/>. The guests stay up for the pause and memory measurements; the caller
/// destroys <see cref="SeriesRun.Running"/>.
/// </summary>
internal static class CreationSeries
{
    public const int GuestPort = 8080;
    private const long LowMemoryKb = 1024 * 1024;
    private const double SettleBusy = 0.25;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    public static ShellSpec Spec(string service, string driver, string image) => new()
    {
        Service = service,
        Driver = driver,
        Image = image,
        Port = GuestPort,
    };

    public static ServicePolicy Policy(ShellSpec spec, int pool) => new()
    {
        Name = spec.Service,
        Driver = spec.Driver,
        Image = spec.Image,
        Port = spec.Port,
        Pool = pool,
        PauseAfter = TimeSpan.FromHours(1),
        DestroyAfter = TimeSpan.FromHours(1),
        StartTimeout = ReadyTimeout,
        MaxHeld = 100_000,
    };

    public static async Task RunAsync(SeriesRun run, IGuestDriver driver, string image, BenchOptions options, ILoggerFactory logs, List<string> problems, CancellationToken ct)
    {
        var spec = Spec("bench-" + run.Name, driver.Name, image) with { ConfigChannel = run.Channel };
        var policy = Policy(spec, run.Pooled ? run.Target : 0);
        await WarmupAsync(run, driver, spec with { Service = spec.Service + "-warmup" }, policy, options, logs, problems, ct).ConfigureAwait(false);
        run.MemAvailableBeforeKb = HostMemory.AvailableKb;

        ShellPool? pool = null;
        try
        {
            var target = run.Target;
            if (run.Pooled)
            {
                pool = new ShellPool(new GuestDriverCatalog([driver]), TimeProvider.System, logs.CreateLogger<ShellPool>(), options.PoolConcurrency);
                target = await FillAsync(run, pool, spec, ct).ConfigureAwait(false);
            }

            (run.Settle, run.BusyAtStart) = await CpuSettle.WaitAsync(SettleBusy, TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {run.Name}: CPUs {run.BusyAtStart:P0} busy after {run.Settle.TotalSeconds:0.0} s of settling; creating {target} guests one after another"));
            run.ArpBefore = ArpCacheStats.Read();
            var loop = Stopwatch.StartNew();
            var maxFailures = Math.Max(5, target / 50);
            for (var k = 1; k <= target; k++)
            {
                ct.ThrowIfCancellationRequested();
                if (HostMemory.AvailableKb is > 0 and < LowMemoryKb)
                {
                    run.StoppedEarly = $"stopped at guest {k}: less than 1 GiB of memory available";
                    break;
                }

                await CreateOneAsync(run, driver, pool, spec, policy, record: true, problems, ct).ConfigureAwait(false);
                if (run.Failures > maxFailures)
                {
                    run.StoppedEarly = $"stopped at guest {k}: {run.Failures} guests failed";
                    break;
                }

                if (k % 100 == 0 || k == target)
                {
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"    {run.Name}: {k}/{target} running, guest {k} window median {run.Total.WindowMedian(run.Total.Count):0.000} ms, {loop.Elapsed.TotalSeconds:0} s"));
                }
            }

            run.Loop = loop.Elapsed;
            run.ArpAfter = ArpCacheStats.Read();

            // Untimed: a guest starts watching its page just after it answers; give the last ones a moment.
            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            run.CannotWatch = run.Running.Count(s => s.ConsoleTail(20).Contains("cannot watch", StringComparison.Ordinal));
            run.MemAvailableAtEndKb = HostMemory.AvailableKb;
        }
        finally
        {
            if (pool is not null)
            {
                run.ColdFallbacks = pool.Stats(spec.Service).ColdCreates;
                await pool.DisposeAsync().ConfigureAwait(false); // destroys shells still pooled (none when the fill was exact)
            }
        }
    }

    /// <summary>Fills the pool to the target, untimed per shell (the whole fill is timed); returns how many shells it holds.</summary>
    private static async Task<int> FillAsync(SeriesRun run, ShellPool pool, ShellSpec spec, CancellationToken ct)
    {
        Console.WriteLine($"  {run.Name}: filling a pool of {run.Target} shells");
        var fill = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        pool.Configure(spec, run.Target);
        var maxFailures = Math.Max(10, run.Target / 20);
        ShellPoolStats stats;
        while (true)
        {
            stats = pool.Stats(spec.Service);
            if (stats.Ready >= run.Target)
            {
                break;
            }

            if (stats.Failures > maxFailures)
            {
                run.StoppedEarly = $"pool fill stopped at {stats.Ready} shells: {stats.Failures} prepares failed (last: {stats.LastError})";
                break;
            }

            if (HostMemory.AvailableKb is > 0 and < LowMemoryKb)
            {
                run.StoppedEarly = $"pool fill stopped at {stats.Ready} shells: less than 1 GiB of memory available";
                break;
            }

            if (fill.Elapsed - lastReport > TimeSpan.FromSeconds(15))
            {
                lastReport = fill.Elapsed;
                Console.WriteLine($"    {run.Name}: {stats.Ready}/{run.Target} shells prepared, {fill.Elapsed.TotalSeconds:0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), ct).ConfigureAwait(false);
        }

        // Target 0 from here on: a take must not start a refill (it would prepare in the background, on the
        // same two cores, while the next guest is timed). The pool keeps the shells it holds.
        pool.Configure(spec, 0);
        run.PoolFill = fill.Elapsed;
        run.PoolFilled = Math.Min(stats.Ready, run.Target);
        run.PoolFailures = stats.Failures;
        Console.WriteLine($"    {run.Name}: pool holds {run.PoolFilled} shells after {fill.Elapsed.TotalSeconds:0.0} s ({stats.Failures} prepares failed)");
        return run.PoolFilled;
    }

    /// <summary>
    /// A few guests through exactly the timed path, destroyed at once and not counted: the first calls of a
    /// path pay for JIT compilation and first-use costs in this process, which are not the toolstack's.
    /// </summary>
    private static async Task WarmupAsync(SeriesRun run, IGuestDriver driver, ShellSpec spec, ServicePolicy policy, BenchOptions options, ILoggerFactory logs, List<string> problems, CancellationToken ct)
    {
        if (options.Warmup == 0)
        {
            return;
        }

        var scratch = new SeriesRun { Name = run.Name + " warm-up", Description = string.Empty, Baseline = run.Baseline, Pooled = run.Pooled, Target = options.Warmup };
        ShellPool? pool = null;
        try
        {
            if (run.Pooled)
            {
                pool = new ShellPool(new GuestDriverCatalog([driver]), TimeProvider.System, logs.CreateLogger<ShellPool>(), options.PoolConcurrency);
                await FillAsync(scratch, pool, spec, ct).ConfigureAwait(false);
            }

            for (var i = 0; i < options.Warmup; i++)
            {
                await CreateOneAsync(scratch, driver, pool, spec, policy, record: false, problems, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            if (pool is not null)
            {
                await pool.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var shell in scratch.Running)
            {
                await driver.DestroyAsync(shell, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static async Task CreateOneAsync(SeriesRun run, IGuestDriver driver, ShellPool? pool, ShellSpec spec, ServicePolicy policy, bool record, List<string> problems, CancellationToken ct)
    {
        try
        {
            var launcher = new GuestLauncher(new GuestDriverCatalog([driver]), TimeProvider.System, pool);
            var launched = await launcher.LaunchAsync(
                new LaunchRequest
                {
                    Spec = spec,
                    Page = g => DevicePageFactory.Create(g.Id, g.Service, GuestNic.For(g.Shell), policy),
                    Timeout = ReadyTimeout,
                },
                ct).ConfigureAwait(false);

            run.Running.Add(launched.Guest.Shell);
            if (record)
            {
                var t = launched.Timings;
                run.Total.Add(t.TotalMs);
                run.Shell.Add(t.ShellMs);
                run.Execute.Add(t.ExecuteMs);
                run.Ready.Add(t.ReadyMs);
                run.ExecuteToReady.Add(t.ExecuteToReadyMs);
                if (pool is not null && launched.ColdShell)
                {
                    problems.Add($"{run.Name}: guest {run.Total.Count} found the pool empty and was prepared cold on the request path");
                }
            }
        }
        catch (Exception e) when (e is GuestStartException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // The launcher destroyed what it had made.
            run.Failures++;
            problems.Add($"{run.Name}: a guest failed ({(record ? $"after {run.Total.Count} ok" : "warm-up")}): {e.Message}");
        }
    }
}
