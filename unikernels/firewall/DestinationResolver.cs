using System.Net;
using System.Net.Sockets;

namespace LightVm.FirewallGuest;

/// <summary>
/// Turns a target's host into the one address the proxy will connect to (IPv4 first), and the host text the rules
/// see: as written for names, canonical for IP literals (so <c>127.1</c> cannot pass for something other than
/// <c>127.0.0.1</c>). The flow goes to exactly this address: there is no second lookup.
/// </summary>
public static class DestinationResolver
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The destination an IP literal names (no lookup needed), else null.</summary>
    public static Destination? FromLiteral(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!IPAddress.TryParse(host, out var literal))
        {
            return null;
        }

        if (literal.IsIPv4MappedToIPv6)
        {
            literal = literal.MapToIPv4();
        }

        return new Destination(literal.ToString(), literal, null);
    }

    /// <summary>A name not (yet) looked up: the rules see the name and no address.</summary>
    public static Destination NotResolved(string host) => new(host, null, null);

    /// <summary>The destination; <see cref="Destination.Address"/> is null (and the error says why) when the name does not resolve.</summary>
    public static async Task<Destination> ResolveAsync(string host, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (FromLiteral(host) is { } literal)
        {
            return literal;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(Timeout);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return chosen is null
                ? new Destination(host, null, $"'{host}' has no addresses")
                : new Destination(host, chosen, null);
        }
        catch (SocketException ex)
        {
            return new Destination(host, null, $"cannot resolve '{host}': {ex.SocketErrorCode}");
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return new Destination(host, null, $"resolving '{host}' took longer than {Timeout.TotalSeconds:0} s");
        }
        catch (ArgumentException ex)
        {
            return new Destination(host, null, $"cannot resolve '{host}': {ex.Message}");
        }
    }
}
