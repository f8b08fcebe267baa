using System.Globalization;
using System.Net;
using LightVm.Policies;

namespace LightVm.Gateway.Fronts;

/// <summary>Which TCP-level fronts the gateway runs besides HTTP: <c>--proxy</c>, <c>--tls</c>, <c>--tcp name=addr</c>.</summary>
public sealed record FrontSettings
{
    public IPEndPoint? Proxy { get; init; }

    public IPEndPoint? Tls { get; init; }

    public IReadOnlyList<(string Service, IPEndPoint Endpoint)> Tcp { get; init; } = [];

    public bool Any => Proxy is not null || Tls is not null || Tcp.Count > 0;

    /// <summary>Parses <c>host:port</c> (an IP address; port 0 picks a free one).</summary>
    /// <exception cref="FormatException">The text is not an IP address and port; the message says what is expected.</exception>
    public static IPEndPoint ParseEndpoint(string option, string text)
    {
        if (IPEndPoint.TryParse(text, out var endpoint) && text.Contains(':', StringComparison.Ordinal) && endpoint.Port is >= 0 and <= 65535)
        {
            return endpoint;
        }

        throw new FormatException($"{option} '{text}' is not an address to listen on: give IP:port, e.g. 127.0.0.1:3128");
    }

    /// <summary>Parses <c>service=host:port</c>.</summary>
    public static (string Service, IPEndPoint Endpoint) ParseTcp(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new FormatException($"--tcp '{text}' is not service=IP:port, e.g. daytime=127.0.0.1:1313");
        }

        return (text[..eq], ParseEndpoint("--tcp " + text[..eq], text[(eq + 1)..]));
    }

    /// <summary>What the policies lack for these fronts (empty when they can run), one line each.</summary>
    public IReadOnlyList<string> Validate(PolicySet policies)
    {
        var errors = new List<string>();
        if (Proxy is not null && !policies.All.Any(p => p.InstancePer == InstancePer.User))
        {
            errors.Add("--proxy needs a policy with instancePer: user and users (the personal firewall, e.g. ops/policies/firewall.yaml)");
        }

        if (Tls is not null && !policies.All.Any(p => p.Hosts.Count > 0))
        {
            errors.Add("--tls needs a policy with hosts (TLS host names and their certificates, e.g. ops/policies/tls.yaml)");
        }

        foreach (var (service, _) in Tcp)
        {
            if (!policies.TryGet(service, out var policy))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"--tcp {service}: no policy named '{service}' (services: {string.Join(", ", policies.All.Select(p => p.Name).Order(StringComparer.Ordinal))})"));
            }
            else if (policy.InstancePer != InstancePer.Service)
            {
                errors.Add($"--tcp {service}: a TCP front needs a service with one guest (instancePer: service), not instancePer: {policy.InstancePer.ToString().ToLowerInvariant()}");
            }
        }

        foreach (var duplicate in Tcp.GroupBy(t => t.Service, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"--tcp {duplicate.Key} is given more than once");
        }

        return errors;
    }
}
