using System.Globalization;
using System.Text;
using LightVm.Guest.Http;

namespace LightVm.JitWeb;

/// <summary>Builds the guest's responses: its identity as JSON, or a small JSON error.</summary>
public sealed class GuestResponses
{
    private readonly string _guestId;
    private readonly string _bodyPrefix;

    public GuestResponses(GuestSettings settings)
    {
        _guestId = settings.GuestId.ToString("D");
        _bodyPrefix = string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"guest\":{JsonText.Quote(_guestId)},\"service\":{JsonText.Quote(settings.Service)},\"generation\":{settings.Generation},\"method\":");
    }

    /// <summary>The 200 answer: <c>{"guest":..,"service":..,"generation":n,"method":..,"path":..}</c>.</summary>
    public byte[] Identity(HttpRequestHead request)
    {
        var body = new StringBuilder(_bodyPrefix.Length + 64).Append(_bodyPrefix);
        body.Append('"');
        JsonText.AppendEscaped(body, request.Method).Append("\",\"path\":\"");
        JsonText.AppendEscaped(body, request.Path).Append("\"}\n");
        var connection = !request.KeepAlive ? "close" : request.Http11 ? null : "keep-alive";
        return Build(HttpStatus.Ok, body.ToString(), connection, includeBody: !request.IsHead);
    }

    /// <summary>An error answer; the connection is closed after it.</summary>
    public byte[] Error(int status)
    {
        var reason = HttpStatus.Reason(status);
        var body = string.Create(CultureInfo.InvariantCulture, $"{{\"error\":{JsonText.Quote(reason)},\"status\":{status}}}\n");
        return Build(status, body, "close", includeBody: true);
    }

    private byte[] Build(int status, string body, string? connection, bool includeBody)
    {
        var head = new StringBuilder(192)
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {HttpStatus.Reason(status)}\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n")
            .Append("X-Guest-Id: ").Append(_guestId).Append("\r\n");
        if (connection is not null)
        {
            head.Append("Connection: ").Append(connection).Append("\r\n");
        }

        head.Append("\r\n");
        if (includeBody)
        {
            head.Append(body);
        }

        return Encoding.UTF8.GetBytes(head.ToString());
    }
}
