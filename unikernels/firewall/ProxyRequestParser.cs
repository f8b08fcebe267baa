using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace LightVm.FirewallGuest;

/// <summary>
/// Parses an HTTP/1.x request head (request line and header fields, ending with an empty line). Strict where
/// leniency enables request smuggling: bare CR/LF, obsolete line folding, conflicting or malformed Content-Length,
/// and Content-Length together with Transfer-Encoding are refused.
/// </summary>
public static class ProxyRequestParser
{
    /// <summary>The most a request head may take, request line and fields together; more gets 431.</summary>
    public const int MaxHeadBytes = 16 * 1024;

    private const int MaxMethodLength = 32;
    private const int MaxContentLengthDigits = 18;

    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    private static readonly SearchValues<byte> LineBreaksAndNul = SearchValues.Create("\r\n\0"u8);

    /// <summary>The length of the head at the start of <paramref name="data"/> (through CRLFCRLF), or -1 if it is incomplete.</summary>
    public static int FindHeadEnd(ReadOnlySpan<byte> data)
    {
        var at = data.IndexOf("\r\n\r\n"u8);
        return at < 0 ? -1 : at + 4;
    }

    /// <summary>Parses <paramref name="head"/>, which ends with CRLFCRLF; on failure says what to answer and why.</summary>
    public static bool TryParse(ReadOnlySpan<byte> head, [NotNullWhen(true)] out ProxyRequest? request, out int errorStatus, out string error)
    {
        request = null;
        errorStatus = HttpStatus.BadRequest;
        error = "malformed request head";
        var lineEnd = head.IndexOf("\r\n"u8);
        if (lineEnd <= 0 || !head.EndsWith("\r\n\r\n"u8) || head.Length < lineEnd + 4)
        {
            return false;
        }

        if (!TryParseRequestLine(head[..lineEnd], out var method, out var target, out var version, ref errorStatus, ref error))
        {
            return false;
        }

        var fields = new List<KeyValuePair<string, string>>();
        long contentLength = -1;
        var transferEncoding = false;
        var rest = head[(lineEnd + 2)..^2];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var field = rest[..end];
            rest = rest[(end + 2)..];
            if (field.IsEmpty || field[0] is (byte)' ' or (byte)'\t' || field.ContainsAny(LineBreaksAndNul))
            {
                error = "malformed header field (empty, folded, or with a bare CR, LF or NUL)";
                return false;
            }

            var colon = field.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(field[..colon]))
            {
                error = "malformed header field name";
                return false;
            }

            var name = field[..colon];
            var value = field[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!TryParseLength(value, out var length) || (contentLength >= 0 && contentLength != length))
                {
                    error = "malformed or conflicting Content-Length";
                    return false;
                }

                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                transferEncoding = true;
            }

            fields.Add(new(Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
        }

        if (transferEncoding && contentLength >= 0)
        {
            error = "both Content-Length and Transfer-Encoding";
            return false;
        }

        request = new ProxyRequest(method, target, version, fields);
        return true;
    }

    private static bool TryParseRequestLine(
        ReadOnlySpan<byte> line, out string method, out string target, out string version, ref int errorStatus, ref string error)
    {
        method = target = version = string.Empty;
        error = "malformed request line: expected METHOD TARGET HTTP/1.x";
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0 || firstSpace > MaxMethodLength || !IsToken(line[..firstSpace]))
        {
            return false;
        }

        var rest = line[(firstSpace + 1)..];
        var secondSpace = rest.IndexOf((byte)' ');
        if (secondSpace <= 0)
        {
            return false;
        }

        var targetBytes = rest[..secondSpace];
        var versionBytes = rest[(secondSpace + 1)..];
        if (targetBytes.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0)
        {
            error = "malformed request target (control characters, spaces or non-ASCII)";
            return false;
        }

        if (!versionBytes.SequenceEqual("HTTP/1.1"u8) && !versionBytes.SequenceEqual("HTTP/1.0"u8))
        {
            if (versionBytes.Length == 8 && versionBytes.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)versionBytes[5])
                && versionBytes[6] == (byte)'.' && char.IsAsciiDigit((char)versionBytes[7]))
            {
                errorStatus = HttpStatus.VersionNotSupported;
                error = "only HTTP/1.0 and HTTP/1.1 are proxied";
            }

            return false;
        }

        method = Encoding.ASCII.GetString(line[..firstSpace]);
        target = Encoding.ASCII.GetString(targetBytes);
        version = Encoding.ASCII.GetString(versionBytes);
        return true;
    }

    private static bool IsToken(ReadOnlySpan<byte> value) => !value.IsEmpty && !value.ContainsAnyExcept(TokenChars);

    private static bool TryParseLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.IsEmpty || value.Length > MaxContentLengthDigits || value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            return false;
        }

        foreach (var digit in value)
        {
            length = (length * 10) + (digit - '0');
        }

        return true;
    }
}
