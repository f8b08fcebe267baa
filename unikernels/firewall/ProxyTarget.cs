using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace LightVm.FirewallGuest;

/// <summary>Where a request goes: the host as the client wrote it (IPv6 without brackets), the port, and for absolute-form requests the authority and origin-form path.</summary>
/// <param name="Host">The host name, or an IP literal (IPv6 without brackets).</param>
/// <param name="Port">The destination port (80 when an http:// URL names none).</param>
/// <param name="Authority">host[:port] as written, for the upstream Host header.</param>
/// <param name="PathAndQuery">The origin-form target (<c>/path?query</c>); empty for CONNECT.</param>
public sealed record ProxyTarget(string Host, int Port, string Authority, string PathAndQuery)
{
    public const int DefaultHttpPort = 80;

    /// <summary>host:port for log lines and messages, IPv6 in brackets.</summary>
    public string Display => Host.Contains(':', StringComparison.Ordinal)
        ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>An absolute-form target: <c>http://host[:port][/path][?query]</c>. Other schemes and user info are refused.</summary>
    public static bool TryParseAbsolute(string target, [NotNullWhen(true)] out ProxyTarget? parsed, out string error)
    {
        ArgumentNullException.ThrowIfNull(target);
        parsed = null;
        const string Scheme = "http://";
        if (!target.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            error = target.StartsWith('/')
                ? "this is a forward proxy: send absolute-form requests (GET http://host/path) or CONNECT host:port"
                : "only http:// URLs are forwarded; use CONNECT host:port for https and other protocols";
            return false;
        }

        var rest = target[Scheme.Length..];
        var fragment = rest.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            rest = rest[..fragment];
        }

        var pathStart = rest.IndexOfAny(['/', '?']);
        var authority = pathStart < 0 ? rest : rest[..pathStart];
        var path = pathStart < 0 ? "/" : rest[pathStart..];
        if (path.StartsWith('?'))
        {
            path = "/" + path;
        }

        if (!TryParseAuthority(authority, DefaultHttpPort, out var host, out var port, out error))
        {
            return false;
        }

        parsed = new ProxyTarget(host, port, authority, path);
        return true;
    }

    /// <summary>A CONNECT target: <c>host:port</c> or <c>[v6]:port</c>; the port is required.</summary>
    public static bool TryParseConnect(string target, [NotNullWhen(true)] out ProxyTarget? parsed, out string error)
    {
        ArgumentNullException.ThrowIfNull(target);
        parsed = null;
        if (!TryParseAuthority(target, null, out var host, out var port, out error))
        {
            return false;
        }

        parsed = new ProxyTarget(host, port, target, string.Empty);
        return true;
    }

    private static bool TryParseAuthority(string authority, int? defaultPort, out string host, out int port, out string error)
    {
        host = string.Empty;
        port = 0;
        error = string.Empty;
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            error = "user information in the URL is not forwarded";
            return false;
        }

        string? portText;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(authority.AsSpan(1, close - 1), out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                error = $"'{authority}' does not hold a valid IPv6 literal";
                return false;
            }

            host = authority[1..close];
            var after = authority[(close + 1)..];
            if (after.Length > 0 && after[0] != ':')
            {
                error = $"'{authority}' is not host:port";
                return false;
            }

            portText = after.Length > 0 ? after[1..] : null;
        }
        else
        {
            var colon = authority.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? null : authority[(colon + 1)..];
            if (!IsHostName(host))
            {
                error = $"'{host}' is not a host name or IP address";
                return false;
            }
        }

        if (portText is null)
        {
            if (defaultPort is null)
            {
                error = "CONNECT needs host:port";
                return false;
            }

            port = defaultPort.Value;
            return true;
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            error = $"'{portText}' is not a port (1-65535)";
            return false;
        }

        return true;
    }

    /// <summary>A DNS-style name or IPv4 literal: letters, digits, '-', '_' and dots, not empty.</summary>
    private static bool IsHostName(string host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
