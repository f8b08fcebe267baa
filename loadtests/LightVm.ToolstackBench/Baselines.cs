using System.Diagnostics;
using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>
/// The yardsticks, measured in the same run: a fork/exec of /bin/true as .NET does it (Process.Start then
/// WaitForExit), and a whole `runc run` of a trivial container (create, start, run `true`, exit, delete).
/// </summary>
internal static class Baselines
{
    public static Samples ForkExec(int n, int warmup, List<string> problems, CancellationToken ct)
    {
        var samples = new Samples();
        for (var i = 0; i < warmup + n && !ct.IsCancellationRequested; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using (var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!)
            {
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    problems.Add($"fork/exec baseline: /bin/true exited {process.ExitCode}");
                    continue;
                }
            }

            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= warmup)
            {
                samples.Add(ms);
            }
        }

        return samples;
    }

    public static async Task<Samples> RuncRunAsync(int n, int warmup, string bundle, List<string> problems, CancellationToken ct)
    {
        var samples = new Samples();
        var failures = 0;
        for (var i = 0; i < warmup + n && !ct.IsCancellationRequested; i++)
        {
            var id = $"lvbench-baseline-{i}";
            var info = new ProcessStartInfo("runc") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "--root", BenchResources.RuncRoot, "run", "--bundle", bundle, id })
            {
                info.ArgumentList.Add(argument);
            }

            var start = Stopwatch.GetTimestamp();
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
            if (!process.HasExited || process.ExitCode != 0)
            {
                failures++;
                problems.Add($"runc run baseline {id}: {(process.HasExited ? $"exit {process.ExitCode}" : "timed out")}: {output.Trim()}");
                await HostCommand.RunAsync("runc", ["--root", BenchResources.RuncRoot, "delete", "--force", id]).ConfigureAwait(false);
                if (failures >= 5)
                {
                    problems.Add("runc run baseline: stopped after 5 failures");
                    break;
                }

                continue;
            }

            // `runc run` (without --keep) deletes the container itself when it exits: nothing to clean up.
            if (i >= warmup)
            {
                samples.Add(ms);
            }
        }

        return samples;
    }
}
