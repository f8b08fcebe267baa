using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace LightVm.Firewall;

/// <summary>
/// Parses a rules text, one rule per line:
/// <code>
/// (allow|deny) [host PATTERN] [cidr CIDR] [port PORTS]   each clause at most once, in any order
/// default (allow|deny)                                  at most once; without it the default is deny
/// </code>
/// Blank lines and <c>#</c> comments (whole line or trailing) are ignored; keywords are case-insensitive.
/// Every error is reported, each with its line, saying what is wrong and what is allowed.
/// </summary>
public static class RuleParser
{
    private static readonly char[] Blanks = [' ', '\t'];

    /// <summary>Parses <paramref name="text"/>, or throws <see cref="RuleSyntaxException"/> listing every error.</summary>
    public static RuleSet Parse(string text) =>
        TryParse(text, out var rules, out var errors) ? rules : throw new RuleSyntaxException(errors);

    /// <summary>Parses <paramref name="text"/>; false with every error (in line order) when anything is wrong.</summary>
    public static bool TryParse(string text, out RuleSet rules, out IReadOnlyList<RuleError> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = new List<FirewallRule>();
        var found = new List<RuleError>();
        FirewallAction? defaultAction = null;
        var defaultLine = 0;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var rule = StripComment(lines[i]).Trim();
            if (rule.Length == 0)
            {
                continue;
            }

            var words = rule.Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
            var lineErrors = new List<string>();
            switch (words[0].ToLowerInvariant())
            {
                case "allow":
                    AddRule(parsed, lineErrors, lineNumber, rule, FirewallAction.Allow, words);
                    break;
                case "deny":
                    AddRule(parsed, lineErrors, lineNumber, rule, FirewallAction.Deny, words);
                    break;
                case "default":
                    if (ParseDefault(words, lineErrors) is { } action)
                    {
                        if (defaultAction is null)
                        {
                            defaultAction = action;
                            defaultLine = lineNumber;
                        }
                        else
                        {
                            lineErrors.Add($"default given twice (first on line {defaultLine}): say default at most once");
                        }
                    }

                    break;
                default:
                    lineErrors.Add($"unknown word '{words[0]}': a rule starts with allow, deny or default");
                    break;
            }

            found.AddRange(lineErrors.Select(message => new RuleError(lineNumber, rule, message)));
        }

        errors = found;
        rules = found.Count == 0 ? new RuleSet(parsed, defaultAction ?? FirewallAction.Deny) : RuleSet.DenyAll;
        return found.Count == 0;
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? line : line[..hash];
    }

    private static FirewallAction? ParseDefault(string[] words, List<string> errors)
    {
        if (words.Length != 2)
        {
            errors.Add(words.Length == 1
                ? "default needs an action: write default allow or default deny"
                : $"unexpected word '{words[2]}' after default {words[1]}: write default allow or default deny");
            return null;
        }

        switch (words[1].ToLowerInvariant())
        {
            case "allow":
                return FirewallAction.Allow;
            case "deny":
                return FirewallAction.Deny;
            default:
                errors.Add($"unknown default '{words[1]}': write default allow or default deny");
                return null;
        }
    }

    private static void AddRule(List<FirewallRule> rules, List<string> errors, int line, string text, FirewallAction action, string[] words)
    {
        string? host = null;
        IPNetwork? cidr = null;
        IReadOnlyList<PortRange>? ports = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < words.Length; i++)
        {
            var keyword = words[i].ToLowerInvariant();
            if (keyword is not ("host" or "cidr" or "port"))
            {
                errors.Add($"unknown word '{words[i]}': after {words[0]} come host PATTERN, cidr CIDR or port PORTS");
                while (i + 1 < words.Length && !IsKeyword(words[i + 1]))
                {
                    i++; // Its value, if any, belongs to the unknown word: one error is enough.
                }

                continue;
            }

            if (!seen.Add(keyword))
            {
                errors.Add($"{keyword} given twice: each of host, cidr and port at most once per rule");
            }

            if (i + 1 >= words.Length || IsKeyword(words[i + 1]))
            {
                errors.Add(keyword switch
                {
                    "host" => "host needs a pattern: a DNS name, *.name or *",
                    "cidr" => "cidr needs a network: an IPv4 or IPv6 address with a prefix length, e.g. 10.0.0.0/8",
                    _ => "port needs ports: n or n-m (1-65535), separated by commas, e.g. 80,8000-8100",
                });
                continue;
            }

            var value = words[++i];
            switch (keyword)
            {
                case "host":
                    host = ParseHost(value, errors) ?? host;
                    break;
                case "cidr":
                    cidr = ParseCidr(value, errors) ?? cidr;
                    break;
                default:
                    ports = ParsePorts(value, errors) ?? ports;
                    break;
            }
        }

        rules.Add(new FirewallRule { Line = line, Text = text, Action = action, Host = host, Cidr = cidr, Ports = ports ?? [] });
    }

    private static bool IsKeyword(string word) =>
        word.ToLowerInvariant() is "host" or "cidr" or "port" or "allow" or "deny" or "default";

    private static string? ParseHost(string value, List<string> errors)
    {
        if (HostPattern.TryNormalize(value, out var pattern))
        {
            return pattern;
        }

        errors.Add($"'{value}' is not a host pattern: use a DNS name (letters, digits, '-', dots), *.name for its subdomains, or * for any host");
        return null;
    }

    private static IPNetwork? ParseCidr(string value, List<string> errors)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            errors.Add($"'{value}' has no prefix length: write a network as address/length, e.g. {value}/32 for one IPv4 address");
            return null;
        }

        if (!IPAddress.TryParse(value.AsSpan(0, slash), out var address) || value[..slash].Contains('%', StringComparison.Ordinal))
        {
            errors.Add($"'{value[..slash]}' is not an IP address: a cidr is an IPv4 or IPv6 address with a prefix length, e.g. 10.0.0.0/8 or fd00::/8");
            return null;
        }

        var maxLength = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (!int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > maxLength)
        {
            errors.Add($"'{value[(slash + 1)..]}' is not a prefix length: for this address it is 0-{maxLength}");
            return null;
        }

        var masked = Mask(address, length);
        if (!masked.Equals(address))
        {
            errors.Add($"'{value}' has host bits set after the /{length} prefix: write the network address, {masked}/{length}");
            return null;
        }

        if (!IPNetwork.TryParse(value, out var network))
        {
            errors.Add($"'{value}' is not a network: a cidr is an IPv4 or IPv6 address with a prefix length, e.g. 10.0.0.0/8 or fd00::/8");
            return null;
        }

        return network;
    }

    private static IPAddress Mask(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(length - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    private static List<PortRange>? ParsePorts(string value, List<string> errors)
    {
        var ranges = new List<PortRange>();
        var ok = true;
        foreach (var item in value.Split(','))
        {
            if (TryParseRange(item, out var range, out var message))
            {
                ranges.Add(range);
            }
            else
            {
                errors.Add(message);
                ok = false;
            }
        }

        return ok ? ranges : null;
    }

    private static bool TryParseRange(string item, [NotNullWhen(true)] out PortRange? range, out string message)
    {
        range = null;
        message = string.Empty;
        if (item.Length == 0)
        {
            message = "empty port in the list: write n or n-m (1-65535) separated by commas, without spaces, e.g. 80,443";
            return false;
        }

        var dash = item.IndexOf('-', StringComparison.Ordinal);
        var fromText = dash < 0 ? item : item[..dash];
        var toText = dash < 0 ? item : item[(dash + 1)..];
        if (!TryParsePort(fromText, out var from) || !TryParsePort(toText, out var to))
        {
            message = $"'{item}' is not a port or port range: write n or n-m with ports 1-65535";
            return false;
        }

        if (from > to)
        {
            message = $"'{item}' is a backwards range: write n-m with n <= m, e.g. {to}-{from}";
            return false;
        }

        range = new PortRange(from, to);
        return true;
    }

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
}
