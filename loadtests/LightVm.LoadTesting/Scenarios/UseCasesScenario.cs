using System.Globalization;
using System.Net;
using LightVm.LoadTesting.Engine;
using LightVm.LoadTesting.Platform;
using LightVm.LoadTesting.Reports;
using LightVm.LoadTesting.Thresholds;
using LightVm.Policies.Tls;

namespace LightVm.LoadTesting.Scenarios;

/// <summary>
/// The paper's three use cases against the platform's fronts: personal firewalls (one guest per proxy user), TLS
/// termination (one guest per host name, by SNI), and JIT services (HTTP by Host, and daytime over the TCP front).
/// For each: the first contact of every user/host name (cold, one after the other), then warm flows with many
/// users or host names at once (closed model, a new connection per flow: proxy flows and TLS handshakes are what
/// the guests do for real).
/// </summary>
public sealed class UseCasesScenario : IBenchScenario
{
    private const string Token = "bench-token";
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
    private string? _certificates;

    public string Name => "usecases";

    public string Description =>
        "Firewall (N proxy users, one guest each), TLS by SNI (M host names, one guest each), JIT HTTP and daytime (TCP): cold first contact of each, then warm flows at fixed concurrency on new connections.";

    public IReadOnlyList<Threshold> Thresholds { get; } = [Threshold.Parse("errors = 0")];

    public IReadOnlyList<Threshold> Goals { get; } = [Threshold.Parse("tls.warm.rps >= 1400"), Threshold.Parse("firewall.cold.p50 <= 20ms")];

    public IReadOnlyList<PolicySpec> Policies(BenchOptions options)
    {
        var users = Users(options);
        var hosts = Hosts(options);
        var originHost = options.Driver == "process" ? "127.0.0.1" : "10.77.0.1";
        _certificates ??= Directory.CreateTempSubdirectory("lightvm-bench-certs-").FullName;
        using var ca = LocalCertificateAuthority.OpenOrCreate(_certificates);
        var hostLines = string.Concat(Enumerable.Range(0, hosts).Select(i =>
        {
            var issued = ca.Issue(HostName(i));
            return $"  - {{ name: {HostName(i)}, cert: {issued.CertificatePath}, key: {issued.KeyPath} }}\n";
        }));
        var start = options.Driver == "qemu" ? "90s" : "20s"; // a cold QEMU guest boots under TCG on these hosts
        var userLines = string.Concat(Enumerable.Range(0, users).Select(i => $"  {UserName(i)}: {{ token: {Token} }}\n"));
        var policies = new List<PolicySpec>
        {
            new()
            {
                Name = "firewall", Image = GuestImage(options, "firewall"), Port = 3128, InstancePer = "user", Pool = 4, PauseAfter = "10m", StartTimeout = start,
                Extra = $"rules: [\"allow host {originHost}\", \"deny\"]\nusers:\n{userLines}",
            },
            new() { Name = "tls", Image = GuestImage(options, "tls-terminator"), Port = 8443, InstancePer = "host", Pool = 4, PauseAfter = "10m", StartTimeout = start, Extra = $"hosts:\n{hostLines}" },
            new() { Name = "web", InstancePer = "host", Pool = 4, PauseAfter = "10m", StartTimeout = start },
        };
        if (HasDaytime(options))
        {
            policies.Add(new PolicySpec { Name = "daytime", Image = Path.Combine(options.RepoRoot, "artifacts", "images", "daytime"), Port = 13, Pool = 1, PauseAfter = "10m", StartTimeout = start });
        }

        return policies;
    }

    public IReadOnlyList<string> PlatformArguments(BenchOptions options)
    {
        foreach (var front in new[] { "proxy", "tls", "tcp" })
        {
            _ports[front] = PlatformProcess.FreePort();
        }

        var arguments = new List<string> { "--proxy", $"127.0.0.1:{_ports["proxy"]}", "--tls", $"127.0.0.1:{_ports["tls"]}" };
        if (HasDaytime(options))
        {
            arguments.AddRange(["--tcp", $"daytime=127.0.0.1:{_ports["tcp"]}"]);
        }

        return arguments;
    }

    public async Task<ScenarioOutput> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var output = new ScenarioOutput();
        var users = Users(options);
        var hosts = Hosts(options);
        var duration = options.DurationOr(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(2));
        var warmUp = options.Smoke ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(2);
        var proxy = Front("proxy", 3128);
        var tls = Front("tls", 8443);
        using var origin = OriginServer.Start();
        var originUrl = new Uri($"http://{(context.Target.Driver == "process" ? "127.0.0.1" : "10.77.0.1")}:{origin.Port}/");
        var rows = new List<IReadOnlyList<string>>();

        context.Log($"firewall: first flow of {users} users, one after the other (each makes that user's guest)");
        var firewallCold = await RunAsync(context, "firewall-cold", LoadSimulation.FixedConcurrency(1, iterations: users), null,
            (ctx, ct) => FrontProbe.ProxyGetAsync(proxy, UserName((int)ctx.Iteration), Token, originUrl, ct), cancellationToken).ConfigureAwait(false);
        context.Log($"firewall: {users} users at once, a new proxied flow each, {duration.TotalSeconds:0} s");
        var firewallWarm = await RunAsync(context, "firewall-warm", LoadSimulation.FixedConcurrency(users, duration), LoadSimulation.FixedConcurrency(users, warmUp),
            (ctx, ct) => FrontProbe.ProxyGetAsync(proxy, UserName(ctx.Client % users), Token, originUrl, ct), cancellationToken).ConfigureAwait(false);
        rows.Add(Row("personal firewall", $"{users} users", firewallCold, firewallWarm, users));

        context.Log($"tls: first handshake of {hosts} host names, one after the other");
        var tlsCold = await RunAsync(context, "tls-cold", LoadSimulation.FixedConcurrency(1, iterations: hosts), null,
            (ctx, ct) => FrontProbe.TlsGetAsync(tls, HostName((int)ctx.Iteration), ct), cancellationToken).ConfigureAwait(false);
        var tlsClients = Math.Max(hosts, 8);
        context.Log($"tls: {tlsClients} clients over {hosts} host names, a full handshake per flow, {duration.TotalSeconds:0} s");
        var tlsWarm = await RunAsync(context, "tls-warm", LoadSimulation.FixedConcurrency(tlsClients, duration), LoadSimulation.FixedConcurrency(tlsClients, warmUp),
            (ctx, ct) => FrontProbe.TlsGetAsync(tls, HostName((int)(ctx.Iteration % hosts)), ct), cancellationToken).ConfigureAwait(false);
        rows.Add(Row("TLS termination", $"{hosts} host names", tlsCold, tlsWarm, tlsClients));

        using var http = HttpProbe.Client(64, TimeSpan.FromSeconds(30));
        context.Log($"jit http: first request to {hosts} instances of 'web', one after the other");
        var httpCold = await RunAsync(context, "http-cold", LoadSimulation.FixedConcurrency(1, iterations: hosts), null,
            (ctx, ct) => HttpProbe.GetAsync(http, context.Url(), context.Target.Host("web", $"i{ctx.Iteration}"), ct, newConnection: true), cancellationToken).ConfigureAwait(false);
        var httpWarm = await RunAsync(context, "http-warm", LoadSimulation.FixedConcurrency(8, duration), LoadSimulation.FixedConcurrency(8, warmUp),
            (ctx, ct) => HttpProbe.GetAsync(http, context.Url(), context.Target.Host("web", $"i{ctx.Iteration % hosts}"), ct, newConnection: true), cancellationToken).ConfigureAwait(false);
        rows.Add(Row("JIT HTTP (jit-web)", $"{hosts} instances", httpCold, httpWarm, 8));

        var runs = new List<RunResult> { firewallCold, firewallWarm, tlsCold, tlsWarm, httpCold, httpWarm };
        if (HasDaytime(options))
        {
            var daytime = Front("tcp", 1313);
            context.Log("daytime: first connection (makes the guest), then 4 clients");
            var daytimeCold = await RunAsync(context, "daytime-cold", LoadSimulation.FixedConcurrency(1, iterations: 1), null,
                (_, ct) => FrontProbe.DaytimeAsync(daytime, ct), cancellationToken).ConfigureAwait(false);
            var daytimeWarm = await RunAsync(context, "daytime-warm", LoadSimulation.FixedConcurrency(4, duration), LoadSimulation.FixedConcurrency(4, warmUp),
                (_, ct) => FrontProbe.DaytimeAsync(daytime, ct), cancellationToken).ConfigureAwait(false);
            rows.Add(Row("JIT TCP (daytime)", "1 service", daytimeCold, daytimeWarm, 4));
            runs.AddRange([daytimeCold, daytimeWarm]);
        }
        else
        {
            output.Notes.Add("daytime is a plain (non-noxs) app: the process driver cannot run it, so its row is measured on oci, uml and qemu only.");
        }

        output.Runs.AddRange(runs);
        output.Metrics["tls.warm.rps"] = tlsWarm.Throughput;
        output.Metrics["firewall.cold.p50"] = Latency(firewallCold).P50;
        output.Metrics["firewall.warm.rps"] = firewallWarm.Throughput;
        output.Tables.Add(new ReportTable(
            $"Use cases on {context.Target.Driver}: first contact (cold) and warm flows",
            ["use case", "guests", "cold n", "cold p50 ms", "cold p99 ms", "warm clients", "warm p50 ms", "warm p99 ms", "warm flows/s", "errors"],
            rows,
            "Cold: the first flow of each user / host name / instance, one after the other, each making its guest (from the pool while it lasts). "
            + "Warm: every flow on a new connection (a proxied request; a full TLS handshake plus one GET; a TCP connect and the daytime line), "
            + "the load generator on the same 2 cores. LightVM reported ~1,400 TLS req/s from one Tinyx guest on a 14-core Xen host."));
        output.Plots.Add(RunTables.Timeline("tls-warm: per second", tlsWarm));
        output.Plots.Add(RunTables.Timeline("firewall-warm: per second", firewallWarm));
        return output;

        IPEndPoint Front(string name, int fallback) =>
            new(IPAddress.Loopback, options.Target is null && _ports.TryGetValue(name, out var port) ? port : fallback);
    }

    private static async Task<RunResult> RunAsync(
        ScenarioContext context, string name, LoadSimulation simulation, LoadSimulation? warmUp,
        Func<IterationContext, CancellationToken, Task<StepOutcome>> step, CancellationToken cancellationToken) =>
        await context.Runner.RunAsync(new LoadRun
        {
            Name = name,
            Steps = [new Step("flow", step)],
            Simulation = simulation,
            WarmUp = warmUp,
            StepTimeout = TimeSpan.FromSeconds(60),
        }, cancellationToken).ConfigureAwait(false);

    private static LatencySummary Latency(RunResult run) => run.Steps[0].FirstByte is { Count: > 0 } first ? first : run.Steps[0].Latency;

    private static IReadOnlyList<string> Row(string useCase, string guests, RunResult cold, RunResult warm, int clients)
    {
        var c = cold.Steps[0].Latency;
        var w = warm.Steps[0].Latency;
        return
        [
            useCase, guests, c.Count.ToString(CultureInfo.InvariantCulture), Cells.Ms(c.P50), Cells.Ms(c.P99),
            clients.ToString(CultureInfo.InvariantCulture), Cells.Ms(w.P50), Cells.Ms(w.P99), Cells.Num(warm.Throughput, "0"),
            (cold.Failed + warm.Failed).ToString(CultureInfo.InvariantCulture),
        ];
    }

    private static bool HasDaytime(BenchOptions options) => options.Driver != "process";

    private static string GuestImage(BenchOptions options, string name) =>
        options.Driver == "process"
            ? Path.Combine(options.RepoRoot, "artifacts", "guests", name, name)
            : Path.Combine(options.RepoRoot, "artifacts", "images", name);

    private static int Users(BenchOptions options) => options.ClientsOr(100, 3);

    private static int Hosts(BenchOptions options) => options.Smoke ? 2 : 10;

    private static string UserName(int i) => $"user{i:000}";

    private static string HostName(int i) => $"h{i:00}.tls.test";
}
