using System.Buffers.Binary;
using System.Text;

namespace LightVm.Gateway.Fronts;

/// <summary>
/// Reads the server name (SNI) from the first bytes a TLS client sends, without terminating TLS: the ClientHello
/// handshake message, reassembled from its handshake records (RFC 8446 §4.1.2 and RFC 6066 §3).
/// </summary>
public static class ClientHello
{
    /// <summary>The most bytes read before giving up: a ClientHello fits in one 16 KiB record in practice.</summary>
    public const int MaxBytes = 16 * 1024 + 5 * 4;

    private const byte HandshakeRecord = 22;
    private const byte ClientHelloType = 1;
    private const ushort ServerNameExtension = 0;

    /// <summary>Parses what has been read so far.</summary>
    public static ClientHelloResult Parse(ReadOnlySpan<byte> data)
    {
        // Reassemble the handshake bytes carried by consecutive handshake records.
        var handshake = new List<byte>();
        var offset = 0;
        int? needed = null;
        while (true)
        {
            if (data.Length - offset < 5)
            {
                return ClientHelloResult.NeedMore;
            }

            if (data[offset] != HandshakeRecord || data[offset + 1] != 3)
            {
                return ClientHelloResult.NotTls("the first bytes are not a TLS handshake record");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 3)..]);
            if (length == 0 || length > 16 * 1024 + 256)
            {
                return ClientHelloResult.NotTls($"a TLS record of {length} bytes");
            }

            if (data.Length - offset - 5 < length)
            {
                return ClientHelloResult.NeedMore;
            }

            handshake.AddRange(data.Slice(offset + 5, length));
            offset += 5 + length;
            if (needed is null && handshake.Count >= 4)
            {
                if (handshake[0] != ClientHelloType)
                {
                    return ClientHelloResult.NotTls("the first handshake message is not a ClientHello");
                }

                needed = 4 + ((handshake[1] << 16) | (handshake[2] << 8) | handshake[3]);
                if (needed > MaxBytes)
                {
                    return ClientHelloResult.NotTls($"a ClientHello of {needed} bytes");
                }
            }

            if (needed is { } n && handshake.Count >= n)
            {
                return ParseBody(handshake.ToArray().AsSpan(4, n - 4));
            }
        }
    }

    private static ClientHelloResult ParseBody(ReadOnlySpan<byte> body)
    {
        try
        {
            var at = 2 + 32; // legacy_version, random
            at += 1 + body[at]; // legacy_session_id
            at += 2 + BinaryPrimitives.ReadUInt16BigEndian(body[at..]); // cipher_suites
            at += 1 + body[at]; // legacy_compression_methods
            if (at >= body.Length)
            {
                return ClientHelloResult.Parsed(null); // No extensions at all (SSL 3-style hello).
            }

            var end = at + 2 + BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
            at += 2;
            while (at + 4 <= end)
            {
                var type = BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
                var length = BinaryPrimitives.ReadUInt16BigEndian(body[(at + 2)..]);
                var extension = body.Slice(at + 4, length);
                if (type == ServerNameExtension)
                {
                    return ClientHelloResult.Parsed(ServerName(extension));
                }

                at += 4 + length;
            }

            return ClientHelloResult.Parsed(null);
        }
        catch (ArgumentOutOfRangeException)
        {
            return ClientHelloResult.NotTls("a truncated ClientHello");
        }
        catch (IndexOutOfRangeException)
        {
            return ClientHelloResult.NotTls("a truncated ClientHello");
        }
    }

    /// <summary>The host_name entry of a server_name list; null when there is none or it is not a plausible DNS name.</summary>
    private static string? ServerName(ReadOnlySpan<byte> extension)
    {
        var listEnd = 2 + BinaryPrimitives.ReadUInt16BigEndian(extension);
        var at = 2;
        while (at + 3 <= listEnd)
        {
            var nameType = extension[at];
            var length = BinaryPrimitives.ReadUInt16BigEndian(extension[(at + 1)..]);
            var name = extension.Slice(at + 3, length);
            if (nameType == 0)
            {
                foreach (var b in name)
                {
                    if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_'))
                    {
                        return null;
                    }
                }

                return Encoding.ASCII.GetString(name).TrimEnd('.').ToLowerInvariant();
            }

            at += 3 + length;
        }

        return null;
    }
}
