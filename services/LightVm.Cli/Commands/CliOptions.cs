using System.CommandLine;
using LightVm.Policies;

namespace LightVm.Cli.Commands;

/// <summary>The options the commands share.</summary>
internal static class CliOptions
{
    public static Option<string> Http(string fallback) => new("--http")
    {
        Description = "host:port to listen on for HTTP",
        DefaultValueFactory = _ => fallback,
    };

    public static Option<string> Policies() => new("--policies")
    {
        Description = "Directory of service policies (*.yaml)",
        DefaultValueFactory = _ => "ops/policies",
    };

    public static Option<string> Driver() => new("--driver")
    {
        Description = "Driver for policies that do not name one (available: " + string.Join(", ", PolicyLoader.AvailableDrivers) + ")",
        DefaultValueFactory = _ => "process",
    };

    public static Option<string> RabbitMq(bool required) => new("--rabbitmq")
    {
        Description = "RabbitMQ broker, e.g. amqp://guest:guest@127.0.0.1:5672/",
        Required = required,
    };

    public static Option<string> HostSuffix() => new("--host-suffix")
    {
        Description = "Requests for Host <service>.<suffix> go to that service",
        DefaultValueFactory = _ => "localhost",
    };

    public static Option<string> Interval(string name, string fallback, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
    };

    public static Option<string?> StateDirectory() => new("--state-dir")
    {
        Description = "Where guests' device pages and console logs live (default /dev/shm/lightvm-<user>/guests: memory-backed)",
    };

    public static Option<string?> AgentId() => new("--agent-id")
    {
        Description = "This Dom0 agent's name on the bus (default: host name and pid)",
    };

    public static TimeSpan ParseDuration(string text, string option) =>
        Duration.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw new ArgumentException($"{option} '{text}' is not {Duration.Allowed}.");

    public static Option<string?> Proxy() => new("--proxy")
    {
        Description = "IP:port of the forward-proxy front (personal firewalls: curl -x http://user:token@IP:port), e.g. 127.0.0.1:3128",
    };

    public static Option<string?> Tls() => new("--tls")
    {
        Description = "IP:port of the TLS front (routes by SNI to a TLS guest per host name), e.g. 127.0.0.1:8443",
    };

    public static Option<string[]> Tcp() => new("--tcp")
    {
        Description = "service=IP:port: a plain TCP front for a non-HTTP service (repeatable), e.g. daytime=127.0.0.1:1313",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The fronts the options ask for.</summary>
    /// <exception cref="FormatException">An address is not IP:port (the message names the option).</exception>
    public static Gateway.Fronts.FrontSettings Fronts(ParseResult result, Option<string?> proxy, Option<string?> tls, Option<string[]> tcp) => new()
    {
        Proxy = result.GetValue(proxy) is { } p ? Gateway.Fronts.FrontSettings.ParseEndpoint("--proxy", p) : null,
        Tls = result.GetValue(tls) is { } t ? Gateway.Fronts.FrontSettings.ParseEndpoint("--tls", t) : null,
        Tcp = (result.GetValue(tcp) ?? []).Select(Gateway.Fronts.FrontSettings.ParseTcp).ToList(),
    };
}
