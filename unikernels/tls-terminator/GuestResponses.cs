using System.Globalization;
using System.Text;
using LightVm.Guest.Http;

namespace LightVm.TlsTerminator;

/// <summary>
/// The guest's own HTTP answers (when it has no backend): a plain-text hello that names the host name and the
/// guest, so a client sees which guest and which certificate answered, or a small plain-text error.
/// </summary>
public sealed class GuestResponses
{
    public const string HostHeader = "X-LightVm-Host";

    private readonly string _hostname;
    private readonly byte[] _helloBody;

    public GuestResponses(string hostname, Guid guestId)
    {
        _hostname = hostname;
        _helloBody = Encoding.UTF8.GetBytes($"hello from {hostname} over TLS (guest {guestId:D})\n");
    }

    /// <summary>The 200 answer to any well-formed request (without a body for HEAD).</summary>
    public byte[] Hello(HttpRequestHead request)
    {
        var connection = !request.KeepAlive ? "close" : request.Http11 ? null : "keep-alive";
        return Build(HttpStatus.Ok, _helloBody, connection, includeBody: !request.IsHead);
    }

    /// <summary>An error answer; the connection is closed after it.</summary>
    public byte[] Error(int status) =>
        Build(status, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{status} {HttpStatus.Reason(status)}\n")), "close", includeBody: true);

    private byte[] Build(int status, byte[] body, string? connection, bool includeBody)
    {
        var head = new StringBuilder(192)
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {HttpStatus.Reason(status)}\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
            .Append(HostHeader).Append(": ").Append(_hostname).Append("\r\n");
        if (connection is not null)
        {
            head.Append("Connection: ").Append(connection).Append("\r\n");
        }

        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        return includeBody ? [.. headBytes, .. body] : headBytes;
    }
}
