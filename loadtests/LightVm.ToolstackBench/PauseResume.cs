using System.Diagnostics;
using LightVm.Toolstack;
using LightVm.Toolstack.Drivers.Oci;
using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>
/// Table 3: driver.PauseAsync then driver.ResumeAsync on guests spread evenly over the running ones (the rest
/// keep running), one guest at a time; each call timed alone. Every 10th resumed guest must answer TCP again.
/// </summary>
internal static class PauseResume
{
    public static async Task<PauseResumeRun> MeasureAsync(IGuestDriver driver, IReadOnlyList<Shell> running, int count, int warmup, List<string> problems, CancellationToken ct)
    {
        var run = new PauseResumeRun { Driver = driver.Name, Running = running.Count };
        var picked = Spread(running, Math.Min(count, running.Count));
        Console.WriteLine($"  {driver.Name}: pause/resume on {picked.Count} of {running.Count} running guests");

        // Warm-up on guests that are not measured (or the first ones again when all are).
        var warm = running.Except(picked).Take(warmup).ToList();
        if (warm.Count == 0)
        {
            warm = [.. picked.Take(warmup)];
        }

        foreach (var shell in warm)
        {
            await OnceAsync(driver, shell, null, problems, ct).ConfigureAwait(false);
        }

        for (var i = 0; i < picked.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            if (!await OnceAsync(driver, picked[i], run, problems, ct).ConfigureAwait(false))
            {
                if (++run.Failures > 10)
                {
                    problems.Add($"{driver.Name} pause/resume: stopped after {run.Failures} failures");
                    break;
                }

                continue;
            }

            if (i % 10 == 0)
            {
                run.Checked++;
                try
                {
                    await ReadinessProbe.WaitAsync(picked[i], TimeSpan.FromSeconds(5), TimeProvider.System, ct).ConfigureAwait(false);
                    run.Answered++;
                }
                catch (GuestStartException e)
                {
                    problems.Add($"{driver.Name}: a resumed guest did not answer: {e.Message}");
                }
            }
        }

        return run;
    }

    /// <summary>The same pause/resume with `runc pause` / `runc resume` processes (what Docker does), on a few oci guests.</summary>
    public static async Task<PauseResumeRun> MeasureRuncCliAsync(IReadOnlyList<Shell> running, int count, List<string> problems, CancellationToken ct)
    {
        var run = new PauseResumeRun { Driver = "runc pause/resume (CLI)", Running = running.Count };
        var picked = Spread(running, Math.Min(count, running.Count)).OfType<OciShell>().ToList();
        Console.WriteLine($"  baseline: runc pause/resume on {picked.Count} of {running.Count} running oci guests");
        foreach (var shell in picked)
        {
            ct.ThrowIfCancellationRequested();
            var t0 = Stopwatch.GetTimestamp();
            var (pauseCode, pauseOutput) = await HostCommand.RunAsync("runc", ["--root", BenchResources.RuncRoot, "pause", shell.ContainerId]).ConfigureAwait(false);
            var t1 = Stopwatch.GetTimestamp();
            var (resumeCode, resumeOutput) = await HostCommand.RunAsync("runc", ["--root", BenchResources.RuncRoot, "resume", shell.ContainerId]).ConfigureAwait(false);
            var t2 = Stopwatch.GetTimestamp();
            if (pauseCode != 0 || resumeCode != 0)
            {
                problems.Add($"runc pause/resume {shell.ContainerId}: {pauseOutput.Trim()} {resumeOutput.Trim()}");
                if (++run.Failures > 5)
                {
                    break;
                }

                continue;
            }

            run.Pause.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
            run.Resume.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
        }

        return run;
    }

    private static async Task<bool> OnceAsync(IGuestDriver driver, Shell shell, PauseResumeRun? run, List<string> problems, CancellationToken ct)
    {
        try
        {
            var t0 = Stopwatch.GetTimestamp();
            await driver.PauseAsync(shell, ct).ConfigureAwait(false);
            var t1 = Stopwatch.GetTimestamp();
            await driver.ResumeAsync(shell, ct).ConfigureAwait(false);
            var t2 = Stopwatch.GetTimestamp();
            run?.Pause.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
            run?.Resume.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"{driver.Name} pause/resume of {shell.Id:N}: {e.Message}");
            if (shell.IsPaused)
            {
                try
                {
                    await driver.ResumeAsync(shell, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception again) when (again is InvalidOperationException or IOException or UnauthorizedAccessException)
                {
                    problems.Add($"{driver.Name} resume after a failed pause of {shell.Id:N}: {again.Message}");
                }
            }

            return false;
        }
    }

    private static List<Shell> Spread(IReadOnlyList<Shell> running, int count)
    {
        if (count <= 0)
        {
            return [];
        }

        var step = (double)running.Count / count;
        return [.. Enumerable.Range(0, count).Select(i => running[(int)(i * step)]).Distinct()];
    }
}
