using System.Globalization;
using LightVm.LoadTesting.Engine;
using LightVm.LoadTesting.Machine;
using LightVm.LoadTesting.Platform;
using LightVm.LoadTesting.Reports;
using LightVm.LoadTesting.Thresholds;

namespace LightVm.LoadTesting.Scenarios;

/// <summary>
/// The paper's Figure 4 on this machine: how long it takes to get something running, for the yardsticks (fork/exec,
/// <c>runc run</c>, gVisor <c>runsc run</c>, a QEMU cold boot when a kernel is available) and for this platform
/// (a cold request through the gateway with a pooled shell, and its execute + ready phases), in one run.
/// </summary>
public sealed class BaselinesScenario : IBenchScenario
{
    private const string RuncRoot = "/run/lightvm-bench/runc";
    private const string RunscRoot = "/run/lightvm-bench/runsc";

    public string Name => "baselines";

    public string Description =>
        "Sequential creations, same run, one table: fork/exec of /bin/true, runc run, runsc run (gVisor, ptrace platform), QEMU cold boot (when a kernel is found), and the platform's cold start from a pooled shell.";

    public IReadOnlyList<Threshold> Thresholds { get; } = [Threshold.Parse("errors = 0")];

    public IReadOnlyList<Threshold> Goals { get; } = [Threshold.Parse("platform.phase.execute+ready.p50 <= 1.3ms")];

    public IReadOnlyList<PolicySpec> Policies(BenchOptions options) =>
        [new PolicySpec { Name = "base", InstancePer = "host", Pool = 2, PauseAfter = "1h", DestroyAfter = "2h" }];

    public async Task<ScenarioOutput> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var output = new ScenarioOutput();
        var smoke = context.Options.Smoke;
        var n = context.Options.ClientsOr(200, 10);
        var work = Directory.CreateTempSubdirectory("lightvm-baselines-").FullName;
        try
        {
            output.Runs.Add(await context.Runner.RunAsync(
                Sequential("fork/exec", n, (ctx, ct) => TimedCommand.RunAsync("/bin/true", [], ct, capture: false)), cancellationToken).ConfigureAwait(false));

            var busybox = new[] { "/bin/busybox", "/usr/bin/busybox" }.FirstOrDefault(File.Exists);
            if (busybox is null)
            {
                output.Notes.Add("runc/runsc baselines not measured: no static busybox (Debian package busybox-static) for the bundle.");
            }
            else
            {
                var bundle = TrivialBundle.Create(Path.Combine(work, "bundle"), busybox, cgroupsPath: null);
                if (await Has("runc").ConfigureAwait(false))
                {
                    output.Runs.Add(await context.Runner.RunAsync(
                        Sequential("runc run", Math.Max(2, n / 4), (ctx, ct) => TimedCommand.RunAsync(
                            "runc", ["--root", RuncRoot, "run", "--bundle", bundle, Id("runc", ctx)], ct)), cancellationToken).ConfigureAwait(false));
                }
                else
                {
                    output.Notes.Add("runc baseline not measured: runc is not installed.");
                }

                if (await Has("runsc").ConfigureAwait(false))
                {
                    output.Runs.Add(await context.Runner.RunAsync(
                        Sequential("runsc run", Math.Max(2, n / 10), (ctx, ct) => TimedCommand.RunAsync(
                            "runsc",
                            ["--root", RunscRoot, "--platform=ptrace", "--network=none", "--ignore-cgroups", "run", "--bundle", bundle, Id("runsc", ctx)],
                            ct)), cancellationToken).ConfigureAwait(false));
                }
                else
                {
                    output.Notes.Add("runsc baseline not measured: gVisor (Debian package runsc) is not installed.");
                }
            }

            var (kernel, looked) = QemuBoot.FindKernel(context.Options.RepoRoot);
            if (smoke)
            {
                // A TCG boot takes seconds to minutes on this host kind: not a few-second smoke step.
                output.Notes.Add("QEMU cold boot is not part of the smoke run (under TCG a boot takes seconds to minutes); the full run measures it.");
            }
            else if (kernel is not null && busybox is not null && await Has("qemu-system-x86_64").ConfigureAwait(false))
            {
                var boot = await QemuBoot.PrepareAsync(work, kernel, busybox).ConfigureAwait(false);
                context.Log($"QEMU cold boot: {kernel}, {boot.Accelerator}");
                output.Runs.Add(await context.Runner.RunAsync(
                    Sequential("qemu boot", smoke ? 1 : 5, (ctx, ct) => TimedCommand.RunAsync("qemu-system-x86_64", boot.Arguments, ct), warmUp: 0, timeout: TimeSpan.FromSeconds(120)),
                    cancellationToken).ConfigureAwait(false));
                output.Notes.Add($"QEMU cold boot: {boot.Accelerator}, kernel {kernel}, an initramfs whose init is busybox 'reboot -f' (boot to init and power off).");
            }
            else
            {
                output.Notes.Add($"QEMU cold boot not measured: no guest kernel found (looked in: {looked}; set LIGHTVM_KERNEL) or qemu-system-x86_64/busybox missing. The qemu driver issue builds one.");
            }

            using var http = HttpProbe.Client(16, Timeout.InfiniteTimeSpan);
            var platform = await context.Runner.RunAsync(new LoadRun
            {
                Name = "platform",
                Steps =
                [
                    new Step("cold request", async (ctx, ct) =>
                    {
                        var outcome = await HttpProbe.GetAsync(
                            http, context.Url(), context.Target.Host("base", $"{(ctx.WarmUp ? "w" : "b")}{ctx.Iteration + 1:0000}"), ct, newConnection: true).ConfigureAwait(false);
                        return outcome.PhasesMs is { } phases && phases.TryGetValue("execute", out var e) && phases.TryGetValue("ready", out var r)
                            ? outcome with { PhasesMs = new Dictionary<string, double>(phases) { ["execute+ready"] = e + r } }
                            : outcome;
                    }),
                ],
                Simulation = LoadSimulation.Every(TimeSpan.FromMilliseconds(200), iterations: Math.Max(3, n / 4)),
                WarmUp = LoadSimulation.Every(TimeSpan.FromMilliseconds(200), iterations: smoke ? 2 : 10),
            }, cancellationToken).ConfigureAwait(false);
            output.Runs.Add(platform);
            output.Tables.Add(Figure4(output.Runs, platform, context.Target.Driver));
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return output;
    }

    private static ReportTable Figure4(IReadOnlyList<RunResult> runs, RunResult platform, string driver)
    {
        var rows = new List<IReadOnlyList<string>>();
        var what = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["fork/exec"] = "fork/exec of /bin/true until it exits (.NET Process.Start + wait)",
            ["runc run"] = "runc run of busybox true (Docker's runtime): create, start, exit, delete",
            ["runsc run"] = "runsc run, gVisor ptrace platform, no network, cgroups ignored",
            ["qemu boot"] = "QEMU: boot a kernel to init, power off",
            ["platform"] = $"lightvm: cold request through the gateway, pooled shell ({driver}), first byte",
        };
        foreach (var run in runs)
        {
            var s = run.Steps[0].FirstByte ?? run.Steps[0].Latency;
            rows.Add([what.GetValueOrDefault(run.Name, run.Name), s.Count.ToString(CultureInfo.InvariantCulture), Cells.Ms(s.P50), Cells.Ms(s.P90), Cells.Ms(s.P99), Cells.Ms(s.Mean)]);
        }

        foreach (var phase in new[] { "execute", "ready", "execute+ready" })
        {
            if (platform.Steps[0].Phases.TryGetValue(phase, out var s))
            {
                rows.Add([$"lightvm: {phase} of a pooled shell ({driver}), from Server-Timing", s.Count.ToString(CultureInfo.InvariantCulture), Cells.Ms(s.P50), Cells.Ms(s.P90), Cells.Ms(s.P99), Cells.Ms(s.Mean)]);
            }
        }

        return new ReportTable(
            "Creation time, same run (the paper's Figure 4 on this machine)",
            ["what", "n", "p50 ms", "p90 ms", "p99 ms", "mean ms"],
            rows,
            "Measured for orientation on this machine kind: fork/exec 0.6 ms, runc 28 ms, runsc 116 ms (docs/host-requirements.md). 'execute' is the device page + release of a prepared (oci: pre-booted) shell; 'ready' is until the guest accepts connections.");
    }

    private static LoadRun Sequential(string name, int n, Func<IterationContext, CancellationToken, Task<StepOutcome>> step, int warmUp = -1, TimeSpan? timeout = null) => new()
    {
        Name = name,
        Steps = [new Step(name, step)],
        Simulation = LoadSimulation.FixedConcurrency(1, iterations: n),
        WarmUp = warmUp == 0 ? null : LoadSimulation.FixedConcurrency(1, iterations: warmUp > 0 ? warmUp : Math.Max(1, n / 10)),
        StepTimeout = timeout ?? TimeSpan.FromSeconds(60),
    };

    private static string Id(string tool, IterationContext ctx) =>
        $"lvbench-{tool}-{Environment.ProcessId}-{(ctx.WarmUp ? "w" : "m")}{ctx.Iteration}";

    private static async Task<bool> Has(string tool) =>
        (await HostCommand.RunAsync("sh", ["-c", $"command -v {tool}"]).ConfigureAwait(false)).ExitCode == 0;
}
