using System.CommandLine;
using LightVm.Cli.Hosting;
using LightVm.Hosting.Bus;
using LightVm.LoadTesting.Cli;
using LightVm.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LightVm.Cli.Commands;

/// <summary>The <c>lightvm</c> command tree.</summary>
internal static class CliCommands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("LightVm Services: just-in-time guests behind a gateway");
        root.Subcommands.Add(Up());
        root.Subcommands.Add(Gateway());
        root.Subcommands.Add(Dom0());
        root.Subcommands.Add(Control());
        root.Subcommands.Add(GuestCommands.Build());
        root.Subcommands.Add(TinyxCommands.Build());
        root.Subcommands.Add(CertCommands.Build());
        root.Subcommands.Add(Bench());
        return root;
    }

    private static Command Up()
    {
        var http = CliOptions.Http("127.0.0.1:8080");
        var policies = CliOptions.Policies();
        var driver = CliOptions.Driver();
        var suffix = CliOptions.HostSuffix();
        var reaper = CliOptions.Interval("--reaper-interval", "250ms", "How often idle guests are looked at");
        var activity = CliOptions.Interval("--activity-interval", "500ms", "How often the gateway reports guest activity");
        var state = CliOptions.StateDirectory();
        var proxy = CliOptions.Proxy();
        var tls = CliOptions.Tls();
        var tcp = CliOptions.Tcp();
        var command = new Command("up", "Run gateway, Dom0 agent and control API in one process (in-memory bus)")
        {
            http, policies, driver, suffix, reaper, activity, state, proxy, tls, tcp,
        };
        command.SetAction((result, token) => RunAsync(
            () => new PlatformSettings
            {
                Http = result.GetValue(http)!,
                Policies = result.GetValue(policies)!,
                Driver = result.GetValue(driver)!,
                HostSuffix = result.GetValue(suffix)!,
                ReaperInterval = CliOptions.ParseDuration(result.GetValue(reaper)!, "--reaper-interval"),
                ActivityInterval = CliOptions.ParseDuration(result.GetValue(activity)!, "--activity-interval"),
                StateDirectory = result.GetValue(state),
                Fronts = CliOptions.Fronts(result, proxy, tls, tcp),
            },
            (s, p) => PlatformHost.BuildEmbedded(s, p),
            s => $"LightVm up on http://{s.Http} (embedded: gateway + dom0 + control, in-memory bus). Try: curl -H 'Host: hello.{s.HostSuffix}' http://{s.Http}/  and  curl http://{s.Http}/_lightvm/api/guests",
            token));
        return command;
    }

    /// <summary>
    /// <c>lightvm bench</c>: hands its arguments, as typed, to the load-test runner (loadtests/LightVm.LoadTesting),
    /// which starts this same lightvm.dll as a child <c>lightvm up</c> for each scenario.
    /// </summary>
    private static Command Bench()
    {
        var rest = new Argument<string[]>("arguments") { Description = "<scenario>... | all [--driver D] [--duration 30s | --clients N] [--out DIR] [--target URL] [--smoke]; 'lightvm bench --list' for details", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("bench", "Run load-test scenarios and write a report (report.md, report.html, results.json)") { rest };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, token) =>
        {
            var tokens = result.Tokens.Select(t => t.Value).ToList();
            var at = tokens.IndexOf("bench");
            string[] args = [.. tokens.Skip(at + 1).Select(t => t == "--list" ? "--help" : t)];
            return BenchCommand.RunAsync(args, "lightvm bench", typeof(CliCommands).Assembly.Location, token);
        });
        return command;
    }

    private static Command Gateway()
    {
        var http = CliOptions.Http("127.0.0.1:8080");
        var policies = CliOptions.Policies();
        var rabbit = CliOptions.RabbitMq(required: true);
        var suffix = CliOptions.HostSuffix();
        var activity = CliOptions.Interval("--activity-interval", "500ms", "How often guest activity is reported");
        var proxy = CliOptions.Proxy();
        var tls = CliOptions.Tls();
        var tcp = CliOptions.Tcp();
        var command = new Command("gateway", "Run the front proxy alone, over RabbitMQ") { http, policies, rabbit, suffix, activity, proxy, tls, tcp };
        command.SetAction((result, token) => RunAsync(
            () => new PlatformSettings
            {
                Http = result.GetValue(http)!,
                Policies = result.GetValue(policies)!,
                Bus = BusOptions.ForRabbitMq(result.GetValue(rabbit)),
                HostSuffix = result.GetValue(suffix)!,
                ActivityInterval = CliOptions.ParseDuration(result.GetValue(activity)!, "--activity-interval"),
                Fronts = CliOptions.Fronts(result, proxy, tls, tcp),
            },
            (s, p) => PlatformHost.BuildGateway(s, p),
            s => $"LightVm gateway on http://{s.Http}, bus {s.Bus.RabbitMq}",
            token));
        return command;
    }

    private static Command Dom0()
    {
        var policies = CliOptions.Policies();
        var rabbit = CliOptions.RabbitMq(required: true);
        var driver = CliOptions.Driver();
        var reaper = CliOptions.Interval("--reaper-interval", "250ms", "How often idle guests are looked at");
        var state = CliOptions.StateDirectory();
        var agent = CliOptions.AgentId();
        var command = new Command("dom0", "Run a host agent alone, over RabbitMQ") { policies, rabbit, driver, reaper, state, agent };
        command.SetAction((result, token) => RunAsync(
            () => new PlatformSettings
            {
                Policies = result.GetValue(policies)!,
                Bus = BusOptions.ForRabbitMq(result.GetValue(rabbit)),
                Driver = result.GetValue(driver)!,
                ReaperInterval = CliOptions.ParseDuration(result.GetValue(reaper)!, "--reaper-interval"),
                StateDirectory = result.GetValue(state),
                AgentId = result.GetValue(agent),
            },
            (s, p) => PlatformHost.BuildDom0(s, p),
            s => $"LightVm dom0 agent, bus {s.Bus.RabbitMq}",
            token));
        return command;
    }

    private static Command Control()
    {
        var http = CliOptions.Http("127.0.0.1:8081");
        var policies = CliOptions.Policies();
        var rabbit = CliOptions.RabbitMq(required: true);
        var command = new Command("control", "Run the operator API alone, over RabbitMQ") { http, policies, rabbit };
        command.SetAction((result, token) => RunAsync(
            () => new PlatformSettings
            {
                Http = result.GetValue(http)!,
                Policies = result.GetValue(policies)!,
                Bus = BusOptions.ForRabbitMq(result.GetValue(rabbit)),
            },
            (s, p) => PlatformHost.BuildControl(s, p),
            s => $"LightVm control API on http://{s.Http}/api/guests, bus {s.Bus.RabbitMq}",
            token));
        return command;
    }

    private static async Task<int> RunAsync(
        Func<PlatformSettings> settings,
        Func<PlatformSettings, PolicySet, IHost> build,
        Func<PlatformSettings, string> banner,
        CancellationToken token)
    {
        try
        {
            var s = settings();
            var policies = PlatformHost.LoadPolicies(s);
            if (s.Fronts.Validate(policies) is { Count: > 0 } missing)
            {
                await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, missing)).ConfigureAwait(false);
                return 2;
            }

            using var host = build(s, policies);
            await host.StartAsync(token).ConfigureAwait(false);
            Console.WriteLine(banner(s));
            foreach (var (name, endpoint) in host.Services.GetService<Gateway.Fronts.FrontEndpoints>()?.All ?? new Dictionary<string, System.Net.IPEndPoint>())
            {
                Console.WriteLine($"Front {name} on {endpoint}");
            }

            Console.WriteLine($"Services: {string.Join(", ", policies.All.Select(p => $"{p.Name} ({p.Driver})").Order(StringComparer.Ordinal))}");
            await host.WaitForShutdownAsync(token).ConfigureAwait(false);
            return 0;
        }
        catch (PolicyValidationException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or OptionsValidationException or FormatException)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
        catch (InvalidOperationException e) when (e.InnerException is System.Net.Sockets.SocketException)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false); // a front's address is taken
            return 1;
        }
    }
}
