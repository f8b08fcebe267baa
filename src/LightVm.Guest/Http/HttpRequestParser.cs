using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace LightVm.Guest.Http;

/// <summary>
/// Parses an HTTP/1.x request head (request line and header fields, ending with an empty line), for a server
/// (<see cref="TryParse"/>) or a forward proxy (<see cref="TryParseProxy"/>). Strict where leniency enables request
/// smuggling: bare CR/LF/NUL, obsolete line folding and conflicting or malformed Content-Length are refused; a
/// server refuses any Transfer-Encoding (its bodies must come with a Content-Length), a proxy refuses it together
/// with Content-Length. Any request target of printable ASCII is taken (origin-form, absolute-form, authority-form
/// for CONNECT); what it means is the caller's business.
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

    /// <summary>Parses <paramref name="head"/>, which ends with CRLFCRLF, for a server. On failure, <paramref name="errorStatus"/> says what to answer.</summary>
    public static bool TryParse(ReadOnlySpan<byte> head, [NotNullWhen(true)] out HttpRequestHead? request, out int errorStatus)
    {
        request = null;
        if (!TryParseHead(head, refuseTransferEncoding: true, fields: null, out var parts, out errorStatus, out _))
        {
            return false;
        }

        var target = head[parts.Target];
        var pathEnd = target.IndexOfAny((byte)'?', (byte)'#');
        var path = Encoding.ASCII.GetString(pathEnd < 0 ? target : target[..pathEnd]);
        var keepAlive = !parts.Close && (parts.Http11 || parts.KeepAlive);
        request = new HttpRequestHead(MethodName(head[parts.Method]), path, parts.Http11, keepAlive, Math.Max(parts.ContentLength, 0));
        return true;
    }

    /// <summary>
    /// Parses <paramref name="head"/>, which ends with CRLFCRLF, for a forward proxy: the target and version as sent
    /// and every field, so that the request can be checked and relayed. On failure says what to answer and why.
    /// </summary>
    public static bool TryParseProxy(ReadOnlySpan<byte> head, [NotNullWhen(true)] out ProxyRequest? request, out int errorStatus, out string error)
    {
        request = null;
        var fields = new List<KeyValuePair<string, string>>();
        if (!TryParseHead(head, refuseTransferEncoding: false, fields, out var parts, out errorStatus, out error))
        {
            return false;
        }

        if (parts.TransferEncoding && parts.ContentLength >= 0)
        {
            errorStatus = HttpStatus.BadRequest;
            error = "both Content-Length and Transfer-Encoding";
            return false;
        }

        request = new ProxyRequest(
            Encoding.ASCII.GetString(head[parts.Method]), Encoding.ASCII.GetString(head[parts.Target]), Encoding.ASCII.GetString(head[parts.Version]), fields);
        return true;
    }

    /// <summary>The checks both forms share; <paramref name="fields"/>, when given, gets every field (Latin-1 text).</summary>
    private static bool TryParseHead(
        ReadOnlySpan<byte> head, bool refuseTransferEncoding, List<KeyValuePair<string, string>>? fields, out HeadParts parts, out int errorStatus, out string error)
    {
        parts = default;
        errorStatus = HttpStatus.BadRequest;
        error = "malformed request head";
        var lineEnd = head.IndexOf("\r\n"u8);
        if (lineEnd <= 0 || !head.EndsWith("\r\n\r\n"u8) || head.Length < lineEnd + 4)
        {
            return false;
        }

        if (!TryParseRequestLine(head[..lineEnd], ref parts, ref errorStatus, out error))
        {
            return false;
        }

        parts.ContentLength = -1;
        var fieldsStart = lineEnd + 2;
        var rest = head[fieldsStart..^2];
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
                if (!TryParseLength(value, out var length) || (parts.ContentLength >= 0 && parts.ContentLength != length))
                {
                    error = "malformed or conflicting Content-Length";
                    return false;
                }

                parts.ContentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                if (refuseTransferEncoding)
                {
                    errorStatus = HttpStatus.LengthRequired; // Bodies must come with a Content-Length.
                    error = "Transfer-Encoding is not accepted: send a Content-Length";
                    return false;
                }

                parts.TransferEncoding = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                ReadConnection(value, ref parts);
            }

            fields?.Add(new(Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
        }

        return true;
    }

    /// <summary>METHOD SP TARGET SP HTTP/1.x; the ranges in <paramref name="parts"/> are of the whole head, which the line starts.</summary>
    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, ref HeadParts parts, ref int errorStatus, out string error)
    {
        error = "malformed request line: expected METHOD TARGET HTTP/1.x";
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0 || firstSpace > MaxMethodLength || !IsToken(line[..firstSpace]))
        {
            return false;
        }

        var secondSpace = line[(firstSpace + 1)..].IndexOf((byte)' ');
        if (secondSpace <= 0)
        {
            return false;
        }

        var targetEnd = firstSpace + 1 + secondSpace;
        var target = line[(firstSpace + 1)..targetEnd];
        var version = line[(targetEnd + 1)..];
        if (target.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0)
        {
            error = "malformed request target (control characters, spaces or non-ASCII)";
            return false;
        }

        if (version.SequenceEqual("HTTP/1.1"u8))
        {
            parts.Http11 = true;
        }
        else if (!version.SequenceEqual("HTTP/1.0"u8))
        {
            if (version.Length == 8 && version.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)version[5])
                && version[6] == (byte)'.' && char.IsAsciiDigit((char)version[7]))
            {
                errorStatus = HttpStatus.VersionNotSupported;
                error = "only HTTP/1.0 and HTTP/1.1 are proxied";
            }

            return false;
        }

        parts.Method = ..firstSpace;
        parts.Target = (firstSpace + 1)..targetEnd;
        parts.Version = (targetEnd + 1)..line.Length;
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

    private static void ReadConnection(ReadOnlySpan<byte> value, ref HeadParts parts)
    {
        foreach (var range in value.Split((byte)','))
        {
            var option = value[range].Trim(" \t"u8);
            parts.Close |= Ascii.EqualsIgnoreCase(option, "close"u8);
            parts.KeepAlive |= Ascii.EqualsIgnoreCase(option, "keep-alive"u8);
        }
    }

    /// <summary>Where the request line's parts are in the head, and what the fields said.</summary>
    private struct HeadParts
    {
        public Range Method;
        public Range Target;
        public Range Version;
        public bool Http11;
        public long ContentLength;
        public bool TransferEncoding;
        public bool Close;
        public bool KeepAlive;
    }
}
