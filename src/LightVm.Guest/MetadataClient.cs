using System.Globalization;
using System.Net.Sockets;
using System.Text;
using LightVm.Noxs;

namespace LightVm.Guest;

/// <summary>
/// The store-style config channel (the baseline noxs is measured against): after "go" the guest asks the
/// host's metadata service for its page over HTTP, as cloud guests ask a metadata server. Plain HTTP/1.1 on a
/// socket (no HttpClient: small and AOT-friendly). The body is the same binary page the file channel carries.
/// </summary>
public static class MetadataClient
{
    public const string Variable = GuestVariables.Metadata;

    public static DevicePage FetchPage(Uri url, TimeSpan timeout)
    {
        if (url.Scheme != "http")
        {
            throw new DevicePageFormatException($"{Variable} '{url}' is not an http:// URL.");
        }

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = (int)timeout.TotalMilliseconds, SendTimeout = (int)timeout.TotalMilliseconds };
        socket.Connect(url.Host, url.Port);
        socket.Send(Encoding.ASCII.GetBytes($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nConnection: close\r\n\r\n"));
        var response = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = socket.Receive(buffer)) > 0)
        {
            response.Write(buffer, 0, read);
            if (response.Length > 1 << 20)
            {
                throw new DevicePageFormatException($"The metadata response from {url} is larger than 1 MiB.");
            }
        }

        return Parse(response.GetBuffer().AsSpan(0, (int)response.Length), url);
    }

    internal static DevicePage Parse(ReadOnlySpan<byte> response, Uri url)
    {
        var end = response.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new DevicePageFormatException($"The metadata response from {url} has no complete header.");
        }

        var head = Encoding.ASCII.GetString(response[..end]);
        var status = head.Split("\r\n")[0].Split(' ');
        if (status.Length < 2 || status[1] != "200")
        {
            throw new DevicePageFormatException($"The metadata service answered '{head.Split("\r\n")[0]}' for {url}.");
        }

        var body = response[(end + 4)..];
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(line["Content-Length:".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                && length <= body.Length)
            {
                body = body[..length];
            }
        }

        return DevicePageReader.Read(body);
    }
}
