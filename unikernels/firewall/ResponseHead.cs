using System.Text;

namespace LightVm.FirewallGuest;

/// <summary>
/// The one change the proxy makes to an upstream response: its head says <c>Connection: close</c> (the client's
/// connection ends with this response), without the upstream's Connection, Keep-Alive and Proxy-Connection
/// fields. Everything else, and the body, is relayed byte for byte.
/// </summary>
public static class ResponseHead
{
    /// <summary>The status code of a head that starts <c>HTTP/1.x NNN</c>, else -1 (not HTTP: relay it untouched).</summary>
    public static int StatusOf(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12 || !head.StartsWith("HTTP/1."u8) || head[8] != (byte)' ')
        {
            return -1;
        }

        var code = head.Slice(9, 3);
        if (code.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            return -1;
        }

        return ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
    }

    /// <summary>Whether the head is an interim (1xx) response that another head follows (101 switches protocols: none follows).</summary>
    public static bool IsInterim(int status) => status is >= 100 and < 200 and not 101;

    /// <summary>The head (through CRLFCRLF) with the connection fields replaced by <c>Connection: close</c>.</summary>
    public static byte[] WithConnectionClose(ReadOnlySpan<byte> head)
    {
        var output = new List<byte>(head.Length + 24);
        var lines = head[..^2]; // Each line keeps its CRLF; the final empty line is added back below.
        var first = true;
        while (!lines.IsEmpty)
        {
            var end = lines.IndexOf("\r\n"u8);
            var line = end < 0 ? lines : lines[..(end + 2)];
            lines = end < 0 ? [] : lines[(end + 2)..];
            if (!first && IsConnectionField(line))
            {
                continue;
            }

            first = false;
            output.AddRange(line);
        }

        output.AddRange("Connection: close\r\n\r\n"u8);
        return [.. output];
    }

    private static bool IsConnectionField(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        var name = line[..colon].TrimEnd(" \t"u8);
        return Ascii.EqualsIgnoreCase(name, "connection"u8)
            || Ascii.EqualsIgnoreCase(name, "keep-alive"u8)
            || Ascii.EqualsIgnoreCase(name, "proxy-connection"u8);
    }
}
