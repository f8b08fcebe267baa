using System.Globalization;
using System.Text;
using LightVm.Firewall;
using LightVm.Guest.Http;

namespace LightVm.FirewallGuest;

/// <summary>
/// The proxy's own answers: refusals (403 with <c>X-LightVm-Rule</c>), errors, and the CONNECT go-ahead.
/// Each carries <c>X-LightVm-User</c> and <c>Connection: close</c>; bodies are one line of plain text.
/// </summary>
public sealed class ProxyResponses
{
    public const string RuleHeader = "X-LightVm-Rule";
    public const string UserHeader = "X-LightVm-User";

    private static readonly byte[] EstablishedBytes = Encoding.ASCII.GetBytes("HTTP/1.1 200 Connection Established\r\n\r\n");

    private readonly string _user;

    public ProxyResponses(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        _user = HeaderText.Clean(user);
    }

    /// <summary>The answer to an allowed CONNECT once the tunnel's far end is connected.</summary>
    public static ReadOnlyMemory<byte> Established => EstablishedBytes;

    /// <summary>The refusal of a flow the rules deny.</summary>
    public byte[] Forbidden(ProxyTarget target, FirewallDecision decision)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(decision);
        var rule = decision.Describe();
        var body = $"firewall: {_user} may not reach {target.Display}: denied by {rule}\n";
        return Build(HttpStatus.Forbidden, body, rule);
    }

    /// <summary>An error answer whose body says <paramref name="message"/>.</summary>
    public byte[] Error(int status, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Build(status, $"firewall: {HttpStatus.Reason(status).ToLowerInvariant()}: {HeaderText.Clean(message)}\n", rule: null);
    }

    private byte[] Build(int status, string body, string? rule)
    {
        var head = new StringBuilder(256)
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {HttpStatus.Reason(status)}\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n")
            .Append(UserHeader).Append(": ").Append(_user).Append("\r\n");
        if (rule is not null)
        {
            head.Append(RuleHeader).Append(": ").Append(HeaderText.Clean(rule)).Append("\r\n");
        }

        head.Append("Connection: close\r\n\r\n").Append(body);
        return Encoding.UTF8.GetBytes(head.ToString());
    }
}
