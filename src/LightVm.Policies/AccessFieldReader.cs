using System.Net;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LightVm.Policies;

/// <summary>
/// Reads the policy fields that say who may use a service and how: <c>users</c> (proxy users, their tokens and
/// firewall rules), <c>rules</c> (the default rules), <c>hosts</c> (TLS host names and their certificate files)
/// and <c>backend</c>. Errors carry the file, the field and the line.
/// </summary>
internal static class AccessFieldReader
{
    public const int MaxTokenLength = 256;

    /// <summary>Rules as a literal block (<c>rules: |</c>, one rule per line), one string, or a list of strings.</summary>
    public static PolicyRules? ReadRules(YamlNode node, string file, string field, List<PolicyError> errors)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { } text } scalar when System.Text.Encoding.UTF8.GetByteCount(text) > MaxRulesBytes:
                errors.Add(new PolicyError(file, field, $"is {System.Text.Encoding.UTF8.GetByteCount(text)} bytes; the rules travel in the guest's 4 KiB device page: at most {MaxRulesBytes}", (int)scalar.Start.Line));
                return null;
            case YamlScalarNode { Value: { } text } scalar:
                var first = (int)scalar.Start.Line + (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded ? 1 : 0);
                var lines = text.TrimEnd('\n').Split('\n');
                var fileLines = scalar.Style == ScalarStyle.Literal
                    ? Enumerable.Range(first, lines.Length).ToList()
                    : Enumerable.Repeat(first, lines.Length).ToList();
                return new PolicyRules(string.Join('\n', lines), fileLines);
            case YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode):
                return new PolicyRules(
                    string.Join('\n', sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? string.Empty)),
                    sequence.Children.Select(c => (int)c.Start.Line).ToList());
            default:
                errors.Add(new PolicyError(file, field, "must be firewall rules: a block (rules: |) with one rule per line, or a list of rules", (int)node.Start.Line));
                return null;
        }
    }

    /// <summary>Parses <paramref name="rules"/> as the firewall guest will; each error names the file's line and the rule.</summary>
    public static void CheckRules(PolicyRules rules, string file, string field, List<PolicyError> errors)
    {
        if (!LightVm.Firewall.RuleParser.TryParse(rules.Text, out _, out var ruleErrors))
        {
            foreach (var error in ruleErrors)
            {
                errors.Add(new PolicyError(file, field, $"rule '{error.Rule}': {error.Message}", rules.FileLine(error.Line)));
            }
        }
    }

    /// <summary>The page carries the rules with the rest of the guest's config in 4 KiB; keep a margin for the rest.</summary>
    public const int MaxRulesBytes = 3000;

    /// <summary><c>users: { alice: { token: ..., rules: | ... }, ... }</c>; a user without rules gets <paramref name="defaults"/>.</summary>
    public static List<ProxyUser> ReadUsers(YamlNode node, string file, PolicyRules defaults, List<PolicyError> errors)
    {
        var users = new List<ProxyUser>();
        if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
        {
            errors.Add(new PolicyError(file, "users", "must map each user name to its token and rules, e.g. users: { alice: { token: s3cret, rules: [\"allow port 443\"] } }", (int)node.Start.Line));
            return users;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var field = $"users.{name}";
            var line = (int)keyNode.Start.Line;
            if (!ServiceInstance.IsLabel(name))
            {
                errors.Add(new PolicyError(file, field, $"'{name}' is not allowed as a user name: 1-63 letters, digits and '-' (it names the user's guest)", line));
                continue;
            }

            if (users.Any(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(new PolicyError(file, field, "is defined more than once", line));
                continue;
            }

            if (valueNode is not YamlMappingNode entry)
            {
                errors.Add(new PolicyError(file, field, "must be a mapping with token (required) and rules (optional)", line));
                continue;
            }

            string? token = null;
            var rules = defaults;
            foreach (var (k, v) in entry.Children)
            {
                var key = (k as YamlScalarNode)?.Value;
                if (key == "token")
                {
                    token = v is YamlScalarNode { Value: { Length: > 0 } t } ? t : null;
                    if (token is null || token.Length > MaxTokenLength || token.Contains(':', StringComparison.Ordinal) || token.Any(char.IsWhiteSpace))
                    {
                        errors.Add(new PolicyError(file, field + ".token", $"must be a non-empty string of at most {MaxTokenLength} characters without ':' or spaces", (int)v.Start.Line));
                        token = null;
                    }
                }
                else if (key == "rules")
                {
                    var own = ReadRules(v, file, field + ".rules", errors);
                    if (own is not null)
                    {
                        CheckRules(own, file, field + ".rules", errors);
                        rules = own;
                    }
                }
                else
                {
                    errors.Add(new PolicyError(file, $"{field}.{key}", "unknown field; allowed: token, rules", (int)k.Start.Line));
                }
            }

            if (token is null)
            {
                if (!entry.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "token"))
                {
                    errors.Add(new PolicyError(file, field + ".token", "is required (the user's secret in Proxy-Authorization: Basic user:token)", line));
                }

                continue;
            }

            users.Add(new ProxyUser { Name = name.ToLowerInvariant(), Token = token, Rules = rules });
        }

        return users;
    }

    /// <summary><c>hosts: [ { name: shop.example.test, cert: certs/shop.example.test.crt, key: certs/shop.example.test.key } ]</c>.</summary>
    public static List<TlsHost> ReadHosts(YamlNode node, string file, List<PolicyError> errors)
    {
        var hosts = new List<TlsHost>();
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            errors.Add(new PolicyError(file, "hosts", "must be a list of { name, cert, key }: the TLS host names this service terminates", (int)node.Start.Line));
            return hosts;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        foreach (var item in sequence.Children)
        {
            var line = (int)item.Start.Line;
            if (item is not YamlMappingNode entry)
            {
                errors.Add(new PolicyError(file, "hosts", "each host must be a mapping { name, cert, key }", line));
                continue;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in entry.Children)
            {
                var key = (k as YamlScalarNode)?.Value ?? string.Empty;
                if (key is not ("name" or "cert" or "key"))
                {
                    errors.Add(new PolicyError(file, $"hosts.{key}", "unknown field; allowed: name, cert, key", (int)k.Start.Line));
                }
                else if (v is YamlScalarNode { Value: { Length: > 0 } value })
                {
                    values[key] = value;
                }
            }

            if (!values.TryGetValue("name", out var name) || !IsHostName(name))
            {
                errors.Add(new PolicyError(file, "hosts.name", $"'{name}' is not a DNS host name (letters, digits, '-', dots; it is matched against the ClientHello's SNI)", line));
                continue;
            }

            var field = $"hosts[{name}]";
            if (hosts.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(new PolicyError(file, field, "is listed more than once", line));
                continue;
            }

            if (ServiceInstance.HostLabel(name).Length > 63)
            {
                errors.Add(new PolicyError(file, field, "is too long: with its dots as dashes it names the guest, at most 63 characters", line));
                continue;
            }

            var paths = new List<string>();
            foreach (var part in new[] { "cert", "key" })
            {
                if (!values.TryGetValue(part, out var relative))
                {
                    errors.Add(new PolicyError(file, $"{field}.{part}", $"is required: the PEM file of the {(part == "cert" ? "certificate chain" : "private key")} (lightvm cert {name} makes both)", line));
                    continue;
                }

                var path = Path.GetFullPath(relative, directory);
                if (!File.Exists(path))
                {
                    errors.Add(new PolicyError(file, $"{field}.{part}", $"'{relative}' does not exist (resolved to {path}); make a local one with: lightvm cert {name}", line));
                    continue;
                }

                paths.Add(path);
            }

            if (paths.Count == 2)
            {
                try
                {
                    Tls.TlsMaterial.Load(name, paths[0], paths[1]);
                }
                catch (Tls.TlsMaterialException e)
                {
                    errors.Add(new PolicyError(file, field, e.Message, line));
                    continue;
                }

                hosts.Add(new TlsHost { Name = name.ToLowerInvariant().TrimEnd('.'), CertificatePath = paths[0], KeyPath = paths[1] });
            }
        }

        return hosts;
    }

    /// <summary>A backend <c>host:port</c> (a name or an IP address, port 1-65535).</summary>
    public static bool IsBackend(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        return IPAddress.TryParse(host, out _) || IsHostName(host);
    }

    private static bool IsHostName(string name)
    {
        var trimmed = name.TrimEnd('.');
        return trimmed.Length is > 0 and <= 253 && trimmed.Split('.').All(ServiceInstance.IsLabel);
    }
}
