using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace LightVm.Gateway.Fronts;

/// <summary>The proxy front's own answers (400, 407, 502, 503), always with <c>Connection: close</c>.</summary>
internal static class ProxyResponse
{
    public static async Task SendAsync(Socket client, int status, string reason, string body, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        text.Append("\r\n").Append(body);
        await client.SendAsync(Encoding.UTF8.GetBytes(text.ToString()), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        client.Shutdown(SocketShutdown.Send);
    }
}
