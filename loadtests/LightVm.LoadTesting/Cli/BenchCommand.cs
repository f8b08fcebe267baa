using System.CommandLine;
using System.Globalization;
using LightVm.LoadTesting.Scenarios;
using LightVm.Policies;

namespace LightVm.LoadTesting.Cli;

/// <summary>
/// <c>bench &lt;scenario&gt;... | all [--driver D] [--duration 30s | --clients N] [--out DIR] [--target URL] [--smoke]</c>:
/// the entry point of both <c>lightvm bench</c> and <c>lightvm-loadtests</c>. Exit codes: 0 all thresholds met,
/// 1 a threshold not met (or a scenario could not run), 2 a usage error.
/// </summary>
public static class BenchCommand
{
    public static string Usage(string program) =>
        $"""
        Usage: {program} <scenario>... | all [options]
        Scenarios: {string.Join(", ", ScenarioCatalog.Names)}
          --driver D         process (default), oci, oci-start, uml, qemu (xen: not on these hosts)
          --duration T       measured duration of each load run (e.g. 10s, 2m); default per scenario
          --clients N        (or scenario=N,scenario=N) what the scenario scales by: clients (jit-storm), concurrency (warm-throughput), services (pause-churn), guests (density), runs (baselines), users (usecases)
          --out DIR          report folder (default loadtests/reports/<date>-<scenarios>-<driver>)
          --target URL       a running platform (its gateway) instead of starting one per scenario
                             (usecases then expects the fronts at 127.0.0.1:3128 proxy, :8443 tls, :1313 daytime)
          --host-suffix S    with --target: the platform's host suffix (default localhost)
          --smoke            a few seconds per scenario (CI)
          --cli PATH         lightvm.dll to start the platform with (default: this build's)
          --image PATH       guest binary for the generated policies (default artifacts/guests/jit-web/jit-web)
        Exit code: 0 all thresholds met, 1 a threshold not met or a scenario could not run, 2 usage error.
        """;

    public static async Task<int> RunAsync(string[] args, string program, string? cliDll, CancellationToken cancellationToken)
    {
        BenchOptions options;
        IReadOnlyList<IBenchScenario> scenarios;
        try
        {
            if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
            {
                Console.WriteLine(Usage(program));
                return args.Length == 0 ? 2 : 0;
            }

            options = Parse(args, program, cliDll);
            scenarios = ScenarioCatalog.Resolve(options.Scenarios);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"{program}: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        var progress = new ProgressLine(Console.Error, !Console.IsErrorRedirected, TimeProvider.System);
        var report = await new BenchRunner(options, progress, TimeProvider.System).RunAsync(scenarios, cancellationToken).ConfigureAwait(false);
        progress.Log($"Report: {Path.Combine(options.OutDirectory, "report.md")} (also report.html, results.json)");
        foreach (var s in report.Scenarios)
        {
            progress.Log($"  {s.Name,-16} {(s.Passed ? "pass" : s.Failure is null ? "FAIL (thresholds)" : "FAIL (could not run)")}");
        }

        return report.Passed ? 0 : 1;
    }

    public static BenchOptions Parse(string[] args, string program, string? cliDll)
    {
        var scenarioNames = new Argument<string[]>("scenario") { Arity = ArgumentArity.ZeroOrMore, Description = "Scenarios, or all" };
        var driverOption = BenchCommandLine.Text("--driver", "process (default), oci, oci-start, uml, qemu");
        var durationOption = BenchCommandLine.Text("--duration", "Measured duration of each load run (e.g. 10s, 2m)");
        var clientsOption = BenchCommandLine.Text("--clients", "N, or scenario=N,scenario=N: what the scenario scales by");
        var outOption = BenchCommandLine.Text("--out", "Report folder");
        var targetOption = BenchCommandLine.Text("--target", "A running platform (its gateway) instead of starting one per scenario");
        var suffixOption = BenchCommandLine.Text("--host-suffix", "With --target: the platform's host suffix (default localhost)");
        var cliOption = BenchCommandLine.Text("--cli", "lightvm.dll to start the platform with");
        var imageOption = BenchCommandLine.Text("--image", "Guest binary for the generated policies");
        var smokeOption = BenchCommandLine.Flag("--smoke", "A few seconds per scenario (CI)");
        var usage = "\n" + Usage(program);
        var result = BenchCommandLine.Parse(args, usage, scenarioNames, driverOption, durationOption, clientsOption, outOption, targetOption, suffixOption, cliOption, imageOption, smokeOption)
            ?? throw new ArgumentException(usage); // --help is answered before parsing
        List<string> names = [.. result.GetValue(scenarioNames) ?? []];
        if (names.FirstOrDefault(n => n.StartsWith('-')) is { } unknown)
        {
            throw new ArgumentException($"unknown option '{unknown}'{usage}");
        }

        string? driver = result.GetValue(driverOption), duration = result.GetValue(durationOption), clients = result.GetValue(clientsOption);
        string? output = result.GetValue(outOption), target = result.GetValue(targetOption), suffix = result.GetValue(suffixOption);
        string? cli = result.GetValue(cliOption), image = result.GetValue(imageOption);
        var smoke = result.GetValue(smokeOption);

        if (names.Count == 0)
        {
            throw new ArgumentException($"name a scenario ({string.Join(", ", ScenarioCatalog.Names)}) or 'all'");
        }

        if (duration is not null && clients is not null)
        {
            throw new ArgumentException("give --duration or --clients, not both");
        }

        driver ??= "process";
        Uri? targetUri = null;
        if (target is not null && (!Uri.TryCreate(target, UriKind.Absolute, out targetUri) || targetUri.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException($"--target '{target}' is not an http(s) URL of a gateway, e.g. http://127.0.0.1:8080");
        }

        if (targetUri is null && !PolicyLoader.AvailableDrivers.Contains(driver))
        {
            throw new ArgumentException(
                $"driver '{driver}' is not available in this build (available: {string.Join(", ", PolicyLoader.AvailableDrivers)})"
                + (driver is "xen" ? "; the xen driver needs a Xen host, which these machines are not" : string.Empty));
        }

        TimeSpan? durationValue = null;
        if (duration is not null)
        {
            durationValue = Duration.TryParse(duration, out var d) && d > TimeSpan.Zero ? d : throw new ArgumentException($"--duration '{duration}' is not {Duration.Allowed}");
        }

        int? clientsValue = null;
        var byScenario = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in clients?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
        {
            var pair = part.Split('=', 2);
            var number = pair[^1];
            var value = int.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000
                ? n
                : throw new ArgumentException($"--clients '{clients}': '{number}' is not an integer from 1 to 100000 (give N, or scenario=N,scenario=N)");
            if (pair.Length == 1)
            {
                clientsValue = value;
            }
            else if (ScenarioCatalog.Names.Contains(pair[0]))
            {
                byScenario[pair[0]] = value;
            }
            else
            {
                throw new ArgumentException($"--clients '{clients}': no scenario named '{pair[0]}' ({string.Join(", ", ScenarioCatalog.Names)})");
            }
        }

        var root = RepoRoot.FindOrCurrent();
        image = Path.GetFullPath(image ?? Path.Combine(root, "artifacts/guests/jit-web/jit-web"));
        if (targetUri is null && !File.Exists(image))
        {
            throw new ArgumentException($"the guest binary {image} is missing: run ops/build-guests.sh (or ops/setup.sh), or pass --image PATH");
        }

        cli ??= cliDll ?? FindCli(root);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return new BenchOptions
        {
            Scenarios = names,
            Driver = driver,
            Duration = durationValue,
            Clients = clientsValue,
            ClientsByScenario = byScenario,
            OutDirectory = Path.GetFullPath(output ?? Path.Combine(root, "loadtests/reports", $"{stamp}-{string.Join('+', names)}-{driver}")),
            Target = targetUri,
            HostSuffix = suffix ?? "localhost",
            Smoke = smoke,
            RepoRoot = root,
            CliDll = cli,
            Image = image,
            CommandLine = program + " " + string.Join(' ', args),
        };
    }


    private static string? FindCli(string root)
    {
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var path = Path.Combine(root, "services/LightVm.Cli/bin", configuration, "net10.0/lightvm.dll");
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
