using System.Globalization;
using System.Text;
using LightVm.ToolstackBench;

namespace LightVm.VmBench;

/// <summary>The markdown of one run: what, on what, the tables, and each goal met or not.</summary>
internal static class VmReport
{
    public static string Render(VmRun run, VmBenchOptions options, MachineInfo machine, TimeSpan took, string command)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string F(double value) => double.IsNaN(value) ? "-" : value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
        string Row(string what, Samples s) => $"| {what} | {s.Count} | {F(s.Min)} | {F(s.Median)} | {F(s.Percentile(90))} | {F(s.Percentile(99))} | {F(s.Max)} |";
        string Goal(bool met) => met ? "met" : "**not met**";

        Line($"# `{run.Driver}` driver figures");
        Line();
        Line($"Measured {machine.Date:yyyy-MM-dd} on {machine.Cores} cores ({machine.Cpu}), {machine.Memory}, Linux {machine.Kernel}, .NET {machine.Dotnet}, commit {machine.CommitLabel}; the run took {took.TotalMinutes:0.0} min.");
        Line($"Command: `{command}` (`dotnet run -c Release --project loadtests/LightVm.VmBench -- ...`). Guests run jit-web (NativeAOT) under the guest init; readiness is a TCP connect to the guest's address on the bridge, as the Dom0 agent probes it. Times in ms.");
        Line();
        Line("| what | n | min | median | p90 | p99 | max |");
        Line("|---|---|---|---|---|---|---|");
        Line(Row("execute from a pre-booted shell (page + continue + doorbell, to ready)", run.Execute));
        Line(Row("prepare (boot to the init's page wait, then stop)", run.Prepare));
        Line(Row("cold: prepare + execute to ready, no pool", run.Cold));
        Line(Row("pause", run.Pause));
        Line(Row("resume", run.Resume));
        Line(Row("PSS per idle guest (MB, last 50 of the ramp)", run.PssMb));
        Line(Row("RSS per idle guest (MB, same guests)", run.RssMb));
        Line();
        Line($"- Preparing the {run.Prepare.Count} shells of the first row took {run.PrepareAllTime.TotalSeconds:0.0} s in all (off the request path).");
        Line($"- Density ramp: {run.Reached} guests running{(run.StoppedBecause is null ? $" (the target, {options.Density})" : $"; stopped: {run.StoppedBecause}")}. Host memory available fell by {F(run.HostDropPerGuestMb)} MB per guest.");
        Line($"- Host CPU with all {run.Reached} guests idle: {F(run.IdleCpuPercent)} % of the {machine.Cores} cores (10 s sample of /proc/stat).");
        Line($"- Teardown of all guests (8 at a time): {run.Teardown.TotalSeconds:0.0} s.");
        Line();
        Line("## Execute latency of the k-th guest (density ramp)");
        Line();
        Line("Median of the 10 guests around k (the first ones from shells prepared in advance, later ones prepared one at a time just before).");
        Line();
        Line("| k | median of k-4..k+5 (ms) | vs k=10 |");
        Line("|---|---|---|");
        var baseline = run.Ramp.WindowMedian(10);
        foreach (var k in new[] { 10, 50, 100, 200, 300, 500, 750, 1000 }.Where(k => k <= run.Ramp.Count))
        {
            var m = run.Ramp.WindowMedian(k);
            Line($"| {k} | {F(m)} | {F(m / baseline)}x |");
        }

        var last = run.Ramp.Count >= 10 ? run.Ramp.WindowMedian(run.Ramp.Count) / baseline : double.NaN;
        Line();
        Line("## Goals (issue 5)");
        Line();
        Line($"- execute from a pre-booted shell, median ≤ 2 ms: {F(run.Execute.Median)} ms, {Goal(run.Execute.Median <= 2)}");
        Line($"- cold boot to ready ≤ 150 ms: median {F(run.Cold.Median)} ms, {Goal(run.Cold.Median <= 150)}");
        Line($"- pause/resume ≤ 1 ms: median {F(run.Pause.Median)} / {F(run.Resume.Median)} ms, {Goal(run.Pause.Median <= 1 && run.Resume.Median <= 1)}");
        Line($"- PSS per idle guest ≤ 16 MB: median {F(run.PssMb.Median)} MB, {Goal(run.PssMb.Median <= 16)}");
        Line($"- ramp to 1000 with the k-th execute flat within 1.2x: reached {run.Reached}, last/first {F(last)}x, {Goal(run.Reached >= 1000 && last <= 1.2)}");
        foreach (var problem in run.Problems)
        {
            Line($"- problem: {problem}");
        }

        return text.ToString();
    }
}
