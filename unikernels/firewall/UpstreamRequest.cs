using System.Text;
using LightVm.Guest.Http;

namespace LightVm.FirewallGuest;

/// <summary>
/// The head sent upstream for an absolute-form request: origin-form target, the URL's authority as Host, the
/// client's fields without Host, Proxy-Authorization, Proxy-Connection and the hop-by-hop fields (Connection,
/// Keep-Alive, TE, Trailer, Upgrade and any field the client's Connection names), then <c>Connection: close</c>:
/// one request per client connection. Content-Length and Transfer-Encoding stay: the body is relayed as sent.
/// </summary>
public static class UpstreamRequest
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Proxy-Authorization", "Proxy-Connection", "Connection", "Keep-Alive", "TE", "Trailer", "Upgrade",
    };

    // The body's framing is relayed as sent, so a Connection option cannot take these away.
    private static readonly HashSet<string> Framing = new(StringComparer.OrdinalIgnoreCase) { "Content-Length", "Transfer-Encoding" };

    public static byte[] BuildHead(ProxyRequest request, ProxyTarget target)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        var named = ConnectionOptions(request);
        var head = new StringBuilder(1024)
            .Append(request.Method).Append(' ').Append(target.PathAndQuery).Append(' ').Append(request.Version).Append("\r\n")
            .Append("Host: ").Append(target.Authority).Append("\r\n");
        foreach (var (name, value) in request.Fields)
        {
            if (!Dropped.Contains(name) && (!named.Contains(name) || Framing.Contains(name)))
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        head.Append("Connection: close\r\n\r\n");
        return Encoding.Latin1.GetBytes(head.ToString());
    }

    private static HashSet<string> ConnectionOptions(ProxyRequest request)
    {
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Fields)
        {
            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var option in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    named.Add(option);
                }
            }
        }

        return named;
    }
}
