using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace LightVm.Guest.Http;

/// <summary>
/// Parses an HTTP/1.x request head (request line and header fields, ending with an empty line).
/// Strict where leniency enables request smuggling: bare CR/LF, obsolete line folding, conflicting or
/// malformed Content-Length and any Transfer-Encoding are refused.
/// </summary>
public static class HttpRequestParser
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

    /// <summary>Parses <paramref name="head"/>, which ends with CRLFCRLF. On failure, <paramref name="errorStatus"/> says what to answer.</summary>
    public static bool TryParse(ReadOnlySpan<byte> head, [NotNullWhen(true)] out HttpRequestHead? request, out int errorStatus)
    {
        request = null;
        errorStatus = HttpStatus.BadRequest;
        var lineEnd = head.IndexOf("\r\n"u8);
        if (lineEnd <= 0 || !head.EndsWith("\r\n\r\n"u8) || head.Length < lineEnd + 4)
        {
            return false;
        }

        if (!TryParseRequestLine(head[..lineEnd], out var method, out var path, out var http11, ref errorStatus))
        {
            return false;
        }

        var close = false;
        var keepAlive = false;
        long contentLength = -1;
        var fields = head[(lineEnd + 2)..^2];
        while (!fields.IsEmpty)
        {
            var end = fields.IndexOf("\r\n"u8);
            var field = fields[..end];
            fields = fields[(end + 2)..];
            if (field.IsEmpty || field[0] is (byte)' ' or (byte)'\t' || field.ContainsAny(LineBreaksAndNul))
            {
                return false; // Empty, folded (obs-fold) or with a bare CR/LF/NUL.
            }

            var colon = field.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(field[..colon]))
            {
                return false;
            }

            var name = field[..colon];
            var value = field[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!TryParseLength(value, out var length) || (contentLength >= 0 && contentLength != length))
                {
                    return false;
                }

                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                errorStatus = HttpStatus.LengthRequired; // Bodies must come with a Content-Length.
                return false;
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                ReadConnection(value, ref close, ref keepAlive);
            }
        }

        request = new HttpRequestHead(method, path, http11, !close && (http11 || keepAlive), Math.Max(contentLength, 0));
        return true;
    }

    private static bool TryParseRequestLine(
        ReadOnlySpan<byte> line, out string method, out string path, out bool http11, ref int errorStatus)
    {
        method = string.Empty;
        path = string.Empty;
        http11 = false;
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

        var target = rest[..secondSpace];
        var version = rest[(secondSpace + 1)..];
        if (target.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0)
        {
            return false; // Control characters, spaces or non-ASCII in the target.
        }

        if (version.SequenceEqual("HTTP/1.1"u8))
        {
            http11 = true;
        }
        else if (!version.SequenceEqual("HTTP/1.0"u8))
        {
            if (version.Length == 8 && version.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)version[5])
                && version[6] == (byte)'.' && char.IsAsciiDigit((char)version[7]))
            {
                errorStatus = HttpStatus.VersionNotSupported;
            }

            return false;
        }

        method = MethodName(line[..firstSpace]);
        var pathEnd = target.IndexOfAny((byte)'?', (byte)'#');
        path = Encoding.ASCII.GetString(pathEnd < 0 ? target : target[..pathEnd]);
        return true;
    }

    private static string MethodName(ReadOnlySpan<byte> method) => method switch
    {
        [(byte)'G', (byte)'E', (byte)'T'] => "GET",
        [(byte)'H', (byte)'E', (byte)'A', (byte)'D'] => "HEAD",
        [(byte)'P', (byte)'O', (byte)'S', (byte)'T'] => "POST",
        _ => Encoding.ASCII.GetString(method),
    };

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

    private static void ReadConnection(ReadOnlySpan<byte> value, ref bool close, ref bool keepAlive)
    {
        foreach (var range in value.Split((byte)','))
        {
            var option = value[range].Trim(" \t"u8);
            close |= Ascii.EqualsIgnoreCase(option, "close"u8);
            keepAlive |= Ascii.EqualsIgnoreCase(option, "keep-alive"u8);
        }
    }
}
