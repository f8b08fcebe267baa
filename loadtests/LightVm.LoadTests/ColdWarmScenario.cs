using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace LightVm.LoadTests;

/// <summary>
/// The walking skeleton's figures: cold start from a pooled shell, cold start with an empty pool, warm
/// request, and the baseline of the same request sent straight to the guest (no gateway), all in one run
/// against a real <c>lightvm up</c> process. Sequential requests; medians and p99 of N runs.
/// </summary>
internal static class ColdWarmScenario
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = FindRoot();
        var runs = int.Parse(Arg(args, "--runs") ?? "20", CultureInfo.InvariantCulture);
        var cli = Arg(args, "--cli") ?? Path.Combine(root, "services/LightVm.Cli/bin/Release/net10.0/lightvm.dll");
        var guest = Arg(args, "--guest") ?? Path.Combine(root, "artifacts/guests/jit-web/jit-web");
        var outDir = Arg(args, "--out") ?? Path.Combine(root, "loadtests/reports", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-cold-warm");
        foreach (var path in new[] { cli, guest })
        {
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"{path} is missing: run ops/setup.sh first.").ConfigureAwait(false);
                return 2;
            }
        }

        var work = Directory.CreateTempSubdirectory("lightvm-bench-").FullName;
        var policies = Path.Combine(work, "policies");
        Directory.CreateDirectory(policies);
        WritePolicy(policies, "warmup", guest, pool: 1);
        for (var i = 0; i < runs; i++)
        {
            WritePolicy(policies, $"pooled{i:00}", guest, pool: 1);
            WritePolicy(policies, $"empty{i:00}", guest, pool: 0);
        }

        var port = FreePort();
        var command = $"dotnet {cli} up --http 127.0.0.1:{port} --policies {policies}";
        using var platform = StartPlatform(cli, port, policies);
        try
        {
            using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUpAsync(http).ConfigureAwait(false);
            var fill = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false); // let the background prepare phase fill the pools

            // Warm-up (JIT of the gateway and agent paths); excluded from the figures.
            await GetAsync(http, "warmup").ConfigureAwait(false);
            for (var i = 0; i < 50; i++)
            {
                await GetAsync(http, "warmup").ConfigureAwait(false);
            }

            var pooled = new Samples("cold, pooled shell");
            var empty = new Samples("cold, empty pool (shell created on the request path)");
            var warm = new Samples("warm (guest running)");
            var direct = new Samples("baseline: same request straight to the guest, no gateway");
            var phases = new Dictionary<string, Samples>(StringComparer.Ordinal);
            for (var i = 0; i < runs; i++)
            {
                var (ms, timing) = await GetAsync(http, $"pooled{i:00}").ConfigureAwait(false);
                pooled.Add(ms);
                foreach (var (phase, dur) in ParseServerTiming(timing))
                {
                    if (!phases.TryGetValue(phase, out var s))
                    {
                        phases[phase] = s = new Samples(phase);
                    }

                    s.Add(dur);
                }
            }

            for (var i = 0; i < runs; i++)
            {
                empty.Add((await GetAsync(http, $"empty{i:00}").ConfigureAwait(false)).Ms);
            }

            for (var i = 0; i < runs; i++)
            {
                warm.Add((await GetAsync(http, "pooled00").ConfigureAwait(false)).Ms);
            }

            var endpoint = await GuestEndpointAsync(http, "pooled00").ConfigureAwait(false);
            using var directHttp = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(10) };
            await directHttp.GetAsync(new Uri("/", UriKind.Relative)).ConfigureAwait(false);
            for (var i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await directHttp.GetAsync(new Uri("/", UriKind.Relative)).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                direct.Add(clock.Elapsed.TotalMilliseconds);
            }

            Directory.CreateDirectory(outDir);
            var report = Report(command, runs, [pooled, empty, warm, direct], phases.Values.ToList(), direct.Median);
            await File.WriteAllTextAsync(Path.Combine(outDir, "report.md"), report).ConfigureAwait(false);
            await File.WriteAllTextAsync(
                Path.Combine(outDir, "results.json"),
                JsonSerializer.Serialize(
                    new[] { pooled, empty, warm, direct }.Concat(phases.Values).ToDictionary(s => s.Name, s => s.Values),
                    Indented)).ConfigureAwait(false);
            Console.WriteLine(report);
            Console.WriteLine($"Written to {outDir}");
            return 0;
        }
        finally
        {
            if (!platform.HasExited)
            {
                platform.Kill(entireProcessTree: true);
                await platform.WaitForExitAsync().ConfigureAwait(false);
            }

            Directory.Delete(work, recursive: true);
        }
    }

    private static string Report(string command, int runs, IReadOnlyList<Samples> rows, IReadOnlyList<Samples> phases, double baseline)
    {
        var text = new StringBuilder();
        text.AppendLine("# Cold and warm request latency (walking skeleton, process driver)").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {MachineInfo.Describe()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{command}`, driven by `loadtests/LightVm.LoadTests` ({runs} sequential requests per row, after a warm-up of 51 requests)");
        text.AppendLine("- Latency: client-side, request sent to full response read, keep-alive connection to the gateway").AppendLine();
        text.AppendLine("| what | n | min ms | median ms | p99 ms | max ms | median / baseline |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var s in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {s.Name} | {s.Count} | {s.Min:0.00} | {s.Median:0.00} | {s.Percentile(99):0.00} | {s.Max:0.00} | {s.Median / baseline:0.0}x |");
        }

        text.AppendLine().AppendLine("Server-Timing phases of the pooled cold starts (ms):").AppendLine();
        text.AppendLine("| phase | median | p99 |").AppendLine("|---|---|---|");
        foreach (var s in phases)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {s.Name} | {s.Median:0.000} | {s.Percentile(99):0.000} |");
        }

        return text.ToString();
    }

    private static async Task<(double Ms, string Timing)> GetAsync(HttpClient http, string service)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = $"{service}.localhost";
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var ms = clock.Elapsed.TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{service}: HTTP {(int)response.StatusCode}");
        }

        return (ms, response.Headers.TryGetValues("Server-Timing", out var v) ? string.Join(", ", v) : string.Empty);
    }

    private static IEnumerable<(string Phase, double Ms)> ParseServerTiming(string header)
    {
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(";dur=");
            if (pieces.Length == 2 && double.TryParse(pieces[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
            {
                yield return (pieces[0], ms);
            }
        }
    }

    private static async Task<Uri> GuestEndpointAsync(HttpClient http, string service)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("/_lightvm/api/guests", UriKind.Relative)).ConfigureAwait(false));
        foreach (var g in doc.RootElement.EnumerateArray())
        {
            if (g.GetProperty("service").GetString() == service)
            {
                return new Uri(g.GetProperty("endpoint").GetString()!);
            }
        }

        throw new InvalidOperationException($"no guest for {service}");
    }

    private static Process StartPlatform(string cli, int port, string policies)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { cli, "up", "--http", $"127.0.0.1:{port}", "--policies", policies })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("platform: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUpAsync(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var r = await http.GetAsync(new Uri("/_lightvm/healthz", UriKind.Relative)).ConfigureAwait(false);
                if (r.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new InvalidOperationException("the platform did not come up within 60 s");
    }

    private static void WritePolicy(string dir, string name, string guest, int pool) =>
        File.WriteAllText(Path.Combine(dir, name + ".yaml"), $"name: {name}\nimage: {guest}\nport: 8080\npool: {pool}\npauseAfter: 5m\ndestroyAfter: 10m\nstartTimeout: 10s\nmaxHeld: 100\n");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LightVm.Services.sln")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
