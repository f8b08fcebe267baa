using System.Text;

namespace LightVm.Gateway.Fronts;

/// <summary>
/// The head of a request to the forward proxy: its request line and the <c>Proxy-Authorization</c> header, which is
/// all the gateway needs before it hands the connection to the user's firewall guest (which reads the rest).
/// </summary>
public sealed record ProxyRequestHead(string Method, string Target, string? ProxyAuthorization)
{
    /// <summary>The largest head accepted (request line and headers).</summary>
    public const int MaxBytes = 16 * 1024;

    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    /// <summary>The head when <paramref name="data"/> holds all of it; null when more bytes are needed.</summary>
    /// <exception cref="FormatException">The bytes are not an HTTP request head (the message says why).</exception>
    public static ProxyRequestHead? Parse(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf(EndOfHead);
        if (end < 0)
        {
            if (data.Length >= MaxBytes)
            {
                throw new FormatException($"the request head is longer than {MaxBytes} bytes");
            }

            return null;
        }

        var lines = Encoding.Latin1.GetString(data[..end]).Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[0].All(char.IsAsciiLetterUpper) || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new FormatException($"'{Truncate(lines[0])}' is not a request line (METHOD target HTTP/1.1)");
        }

        var isConnect = parts[0] == "CONNECT";
        if (isConnect ? parts[1].Contains('/', StringComparison.Ordinal) || !parts[1].Contains(':', StringComparison.Ordinal)
                      : !parts[1].StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException(isConnect
                ? $"CONNECT needs host:port, not '{Truncate(parts[1])}'"
                : $"a proxy request needs an absolute http:// URL, not '{Truncate(parts[1])}' (for https use CONNECT)");
        }

        string? authorization = null;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"'{Truncate(line)}' is not a header line");
            }

            if (line.AsSpan(0, colon).Trim().Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = line[(colon + 1)..].Trim();
            }
        }

        return new ProxyRequestHead(parts[0], parts[1], authorization);
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
