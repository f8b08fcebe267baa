using System.Globalization;
using System.Text;
using LightVm.LoadTesting.Machine;

namespace LightVm.VmBench;

/// <summary>
/// The markdown of one driver's figures: the side-by-side table of every driver measured in the same run, then
/// that driver's details and its issue's goals, each met or not.
/// </summary>
internal static class VmReport
{
    private static readonly int[] RampPoints = [10, 50, 100, 200, 300, 500, 750, 1000];

    public static string Render(VmRun run, IReadOnlyList<VmRun> all, VmBenchOptions options, MachineInfo machine, string command)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line($"# `{run.Driver}` driver figures");
        Line();
        Line($"Measured on {machine.Describe()}; this driver's part of the run took {run.Took.TotalMinutes:0.0} min.");
        Line($"Command: `{command}` (`dotnet run -c Release --project loadtests/LightVm.VmBench -- ...`). Guests run jit-web (NativeAOT) under the guest init, each with {run.MemoryMiB} MiB of guest RAM; readiness is a TCP connect to the guest's address on the bridge, as the Dom0 agent probes it. Times in ms.");
        Line();
        if (all.Count > 1)
        {
            Line($"## Side by side ({string.Join(", ", all.Select(r => r.Driver))}, same run, one after the other)");
            Line();
            Line($"| what | {string.Join(" | ", all.Select(r => $"{r.Driver} ({r.Accelerator}) median / p99"))} |");
            Line($"|---|{string.Concat(all.Select(_ => "---|"))}");
            void Side(string what, Func<VmRun, Samples> pick) =>
                Line($"| {what} | {string.Join(" | ", all.Select(r => pick(r).Count == 0 ? "-" : $"{F(pick(r).Median)} / {F(pick(r).Percentile(99))} (n={pick(r).Count})"))} |");
            Side("execute from a pre-booted shell, to ready", r => r.Execute);
            Side("cold: prepare + execute to ready", r => r.Cold);
            Side("prepare (boot to the page wait, stop)", r => r.Prepare);
            Side("pause", r => r.Pause);
            Side("resume", r => r.Resume);
            Side("save (prepared shell to file)", r => r.Save);
            Side("restore (file to prepared shell)", r => r.Restore);
            Side("PSS per idle guest (MB)", r => r.PssMb);
            Line($"| guests reached in the ramp | {string.Join(" | ", all.Select(r => $"{r.Reached} of {r.Target}"))} |");
            Line($"| host CPU, all guests idle (% of {machine.Cores} cores) | {string.Join(" | ", all.Select(r => F(r.IdleCpuPercent)))} |");
            Line();
        }

        Line("## Figures");
        Line();
        Line("| what | n | min | median | p90 | p99 | max |");
        Line("|---|---|---|---|---|---|---|");
        Line(Row("execute from a pre-booted shell (page + continue + doorbell, to ready)", run.Execute));
        Line(Row("prepare (boot to the init's page wait, then stop)", run.Prepare));
        Line(Row("cold: prepare + execute to ready, no pool", run.Cold));
        Line(Row("pause", run.Pause));
        Line(Row("resume", run.Resume));
        if (run.Save.Count > 0)
        {
            Line(Row("save: a prepared shell to a file (migrate, then quit)", run.Save));
            Line(Row("restore: the file to a prepared shell (-incoming, stopped)", run.Restore));
            Line(Row("execute of the restored clone, to ready", run.RestoredExecute));
        }

        Line(Row("PSS per idle guest (MB, last 50 of the ramp)", run.PssMb));
        Line(Row("RSS per idle guest (MB, same guests)", run.RssMb));
        Line();
        Line($"- Accelerator: {run.Accelerator}.");
        Line($"- Preparing the {run.Prepare.Count} shells of the first row took {run.PrepareAllTime.TotalSeconds:0.0} s in all (off the request path).");
        if (run.Save.Count > 0)
        {
            Line($"- One snapshot file: {F(run.SnapshotMb)} MB.");
        }

        Line($"- Density ramp: {run.Reached} guests running{(run.StoppedBecause is null ? $" (the target, {run.Target})" : $"; stopped: {run.StoppedBecause}")}. Host memory available fell by {F(run.HostDropPerGuestMb)} MB per guest.");
        Line($"- Host CPU with all {run.Reached} guests idle: {F(run.IdleCpuPercent)} % of the {machine.Cores} cores (10 s sample of /proc/stat).");
        Line($"- Teardown of all guests (8 at a time): {run.Teardown.TotalSeconds:0.0} s.");
        Line();
        Line("## Execute latency of the k-th guest (density ramp)");
        Line();
        Line("Median of the 10 guests around k (the first ones from shells prepared in advance, later ones prepared one at a time just before).");
        Line();
        Line("| k | median of k-4..k+5 (ms) | vs k=10 |");
        Line("|---|---|---|");
        var baseline = run.Ramp.Count >= 10 ? run.Ramp.WindowMedian(10) : double.NaN;
        foreach (var k in RampPoints.Where(k => k <= run.Ramp.Count).Append(run.Ramp.Count).Distinct().Where(k => k >= 10))
        {
            var m = run.Ramp.WindowMedian(k);
            Line($"| {k} | {F(m)} | {F(m / baseline)}x |");
        }

        var last = run.Ramp.Count >= 10 ? run.Ramp.WindowMedian(run.Ramp.Count) / baseline : double.NaN;
        Line();
        foreach (var goal in Goals(run, last))
        {
            Line(goal);
        }

        foreach (var problem in run.Problems)
        {
            Line($"- problem: {problem}");
        }

        return text.ToString();
    }

    private static IEnumerable<string> Goals(VmRun run, double last)
    {
        if (run.Driver == "qemu")
        {
            yield return "## Goals (issue 4)";
            yield return string.Empty;
            yield return $"- execute from a pre-booted shell, median ≤ 2 ms: {F(run.Execute.Median)} ms, {Met(run.Execute.Median <= 2)}";
            yield return $"- cold boot to ready ≤ 1.0 s under TCG: median {F(run.Cold.Median)} ms ({run.Accelerator}), {Met(run.Cold.Median <= 1000)}";
            yield return $"- pause/resume ≤ 1 ms: median {F(run.Pause.Median)} / {F(run.Resume.Median)} ms, {Met(run.Pause.Median <= 1 && run.Resume.Median <= 1)}";
            yield return $"- save ≤ 30 ms, restore ≤ 20 ms ({run.MemoryMiB} MiB guest): median {F(run.Save.Median)} / {F(run.Restore.Median)} ms, {Met(run.Save.Median <= 30 && run.Restore.Median <= 20)}";
            yield return $"- PSS per idle guest ≤ 40 MB: median {F(run.PssMb.Median)} MB, {Met(run.PssMb.Median <= 40)}";
            yield return $"- ramp to 300 with the k-th execute flat within 1.2x: reached {run.Reached}, last/first {F(last)}x, {Met(run.Reached >= 300 && last <= 1.2)}";
        }
        else
        {
            yield return "## Goals (issue 5)";
            yield return string.Empty;
            yield return $"- execute from a pre-booted shell, median ≤ 2 ms: {F(run.Execute.Median)} ms, {Met(run.Execute.Median <= 2)}";
            yield return $"- cold boot to ready ≤ 150 ms: median {F(run.Cold.Median)} ms, {Met(run.Cold.Median <= 150)}";
            yield return $"- pause/resume ≤ 1 ms: median {F(run.Pause.Median)} / {F(run.Resume.Median)} ms, {Met(run.Pause.Median <= 1 && run.Resume.Median <= 1)}";
            yield return $"- PSS per idle guest ≤ 16 MB: median {F(run.PssMb.Median)} MB, {Met(run.PssMb.Median <= 16)}";
            yield return $"- ramp to 1000 with the k-th execute flat within 1.2x: reached {run.Reached}, last/first {F(last)}x, {Met(run.Reached >= 1000 && last <= 1.2)}";
        }
    }

    private static string Row(string what, Samples s) => $"| {what} | {s.Count} | {F(s.Min)} | {F(s.Median)} | {F(s.Percentile(90))} | {F(s.Percentile(99))} | {F(s.Max)} |";

    private static string F(double value) => double.IsNaN(value) ? "-" : value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    private static string Met(bool met) => met ? "met" : "**not met**";
}
