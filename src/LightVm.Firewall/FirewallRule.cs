using System.Net;

namespace LightVm.Firewall;

/// <summary>
/// One <c>allow</c> or <c>deny</c> rule. Its clauses (host, cidr, port) are each optional; a rule matches a flow
/// when every clause it has matches, so a rule without clauses matches every flow.
/// </summary>
public sealed record FirewallRule
{
    /// <summary>The 1-based line of the rule in the rules text.</summary>
    public required int Line { get; init; }

    /// <summary>The rule as written, trimmed, without its comment.</summary>
    public required string Text { get; init; }

    public required FirewallAction Action { get; init; }

    /// <summary>The host pattern (lower case, no trailing dot): a DNS name, <c>*.name</c> or <c>*</c>; null = any host.</summary>
    public string? Host { get; init; }

    /// <summary>The destination network; null = any address. Matches only when the flow's address is known.</summary>
    public IPNetwork? Cidr { get; init; }

    /// <summary>The destination ports; empty = any port.</summary>
    public IReadOnlyList<PortRange> Ports { get; init; } = [];

    /// <summary>Whether the flow to <paramref name="host"/> (as the client wrote it), <paramref name="address"/> and <paramref name="port"/> matches.</summary>
    public bool Matches(string host, IPAddress? address, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (Host is not null && !HostPattern.Matches(Host, host))
        {
            return false;
        }

        if (Cidr is { } cidr)
        {
            if (address is null)
            {
                return false;
            }

            if (address.IsIPv4MappedToIPv6 && cidr.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            {
                address = address.MapToIPv4();
            }

            if (!cidr.Contains(address))
            {
                return false;
            }
        }

        if (Ports.Count == 0)
        {
            return true;
        }

        foreach (var range in Ports)
        {
            if (range.Contains(port))
            {
                return true;
            }
        }

        return false;
    }

    internal static string ActionWord(FirewallAction action) => action == FirewallAction.Allow ? "allow" : "deny";
}
