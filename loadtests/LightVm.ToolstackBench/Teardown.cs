using System.Diagnostics;
using LightVm.Toolstack;

namespace LightVm.ToolstackBench;

/// <summary>Destroys a series' guests with bounded concurrency (untimed per guest; the whole teardown is timed).</summary>
internal static class Teardown
{
    public static async Task<(TimeSpan Elapsed, int Failures)> DestroyAllAsync(IGuestDriver driver, List<Shell> shells, int concurrency, List<string> problems)
    {
        if (shells.Count == 0)
        {
            return (TimeSpan.Zero, 0);
        }

        Console.WriteLine($"  {driver.Name}: destroying {shells.Count} guests");
        var watch = Stopwatch.StartNew();
        var failures = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency };

        // Many destroys at once, each blocking briefly in Process.Start: do not wait for thread injection. Only
        // here, so that the timed parts run with the default thread pool.
        ThreadPool.GetMinThreads(out var workers, out var completions);
        ThreadPool.SetMinThreads(Math.Max(workers, concurrency * 2), Math.Max(completions, concurrency * 2));
        try
        {
            await Parallel.ForEachAsync(
                shells.ToArray(),
                options,
                async (shell, _) =>
                {
                    try
                    {
                        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                        await driver.DestroyAsync(shell, CancellationToken.None).WaitAsync(timeout.Token).ConfigureAwait(false);
                    }
                    catch (Exception e)
                    {
                        Interlocked.Increment(ref failures);
                        lock (problems)
                        {
                            problems.Add($"{driver.Name}: destroying {shell.Id:N} failed: {e.Message}");
                        }
                    }
                }).ConfigureAwait(false);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completions);
        }

        shells.Clear();
        return (watch.Elapsed, failures);
    }
}
