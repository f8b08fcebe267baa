using System.Diagnostics;
using System.Text.Json;
using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>
/// Runs the Devd benchmark (loadtests/LightVm.DevdBench, built next to this one through its project
/// reference) as it is, with its own bridge and namespaces, and reads its results.json. Its measurement code
/// is not copied here.
/// </summary>
internal static class DevdBenchRunner
{
    public static async Task<DevdRun> RunAsync(int count, string outDirectory, CancellationToken ct)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lightvm-devd-bench.dll");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        string[] arguments = [dll, "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", outDirectory, "--timeout-seconds", "900"];
        var run = new DevdRun { Command = $"dotnet {string.Join(' ', arguments)}", OutDirectory = outDirectory };
        if (!File.Exists(dll))
        {
            run.ExitCode = -1;
            run.Error = $"{dll} is missing (build loadtests/LightVm.ToolstackBench, which references LightVm.DevdBench)";
            return run;
        }

        Console.WriteLine($"  devd: {run.Command}");
        var info = new ProcessStartInfo(dotnet) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the devd benchmark");
        var output = RelayAsync(process.StandardOutput, Console.Out);
        var errors = RelayAsync(process.StandardError, Console.Error);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(16));
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM would skip its cleanup; it bounds itself (--timeout-seconds), so this is the last resort.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            run.Error = "the devd benchmark did not finish in time and was killed";
        }

        await Task.WhenAll(output, errors).ConfigureAwait(false);
        run.Elapsed = watch.Elapsed;
        run.ExitCode = process.ExitCode;
        if (run.ExitCode != 0)
        {
            run.Error ??= $"the devd benchmark exited with {run.ExitCode}";
            return run;
        }

        try
        {
            using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDirectory, "results.json"), ct).ConfigureAwait(false));
            run.Warmup = results.RootElement.GetProperty("warmup").GetInt32();
            foreach (var plugger in results.RootElement.GetProperty("pluggers").EnumerateArray())
            {
                var name = plugger.GetProperty("name").GetString() ?? "?";
                run.Plug[name] = Read(plugger.GetProperty("plug"));
                run.Unplug[name] = Read(plugger.GetProperty("unplug"));
            }
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            run.Error = $"cannot read the devd benchmark's results.json: {e.Message}";
        }

        return run;
    }

    private static Summary Read(JsonElement figures) => new(
        figures.GetProperty("n").GetInt32(),
        figures.GetProperty("minMs").GetDouble(),
        figures.GetProperty("medianMs").GetDouble(),
        figures.GetProperty("p90Ms").GetDouble(),
        figures.GetProperty("p99Ms").GetDouble(),
        figures.GetProperty("maxMs").GetDouble());

    private static async Task RelayAsync(StreamReader from, TextWriter to)
    {
        while (await from.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            await to.WriteLineAsync("    devd| " + line).ConfigureAwait(false);
        }
    }
}
