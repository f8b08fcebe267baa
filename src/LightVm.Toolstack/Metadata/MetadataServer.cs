using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LightVm.Noxs;

namespace LightVm.Toolstack.Metadata;

/// <summary>
/// The store-style config channel's server, like a cloud metadata service: guests GET
/// <c>/v1/shells/&lt;id&gt;/page</c> and receive their device page bytes. One per host process, listening on each
/// address guests can reach (loopback for process guests, the bridge address for container guests).
/// Minimal HTTP/1.1: one GET per connection.
/// </summary>
public sealed class MetadataServer
{
    private const int MaxHead = 8192;
    private readonly ConcurrentDictionary<Guid, byte[]> _pages = new();
    private readonly Dictionary<IPAddress, int> _ports = [];
    private readonly Lock _lock = new();

    public static MetadataServer Shared { get; } = new();

    public int Published => _pages.Count;

    /// <summary>The URL a shell fetches its page from; starts a listener on <paramref name="address"/> the first time.</summary>
    public Uri UrlFor(IPAddress address, Guid shellId)
    {
        int port;
        lock (_lock)
        {
            if (!_ports.TryGetValue(address, out port))
            {
                var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(address, 0));
                listener.Listen(1024);
                port = ((IPEndPoint)listener.LocalEndPoint!).Port;
                _ports[address] = port;
                _ = AcceptLoopAsync(listener);
            }
        }

        return new Uri($"http://{address}:{port}/v1/shells/{shellId:N}/page");
    }

    public void Publish(Guid shellId, DevicePage page) => _pages[shellId] = DevicePageWriter.Serialize(page);

    public void Remove(Guid shellId) => _pages.TryRemove(shellId, out _);

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (SocketException)
            {
                await Task.Delay(10).ConfigureAwait(false);
                continue;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                client.NoDelay = true;
                var buffer = new byte[MaxHead];
                var length = 0;
                while (length < MaxHead)
                {
                    var read = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    length += read;
                    if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
                    {
                        break;
                    }
                }

                await client.SendAsync(Respond(Encoding.ASCII.GetString(buffer, 0, length)), SocketFlags.None).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The guest went away; nothing to answer.
            }
        }
    }

    private byte[] Respond(string head)
    {
        var parts = head.Split("\r\n")[0].Split(' ');
        const string Prefix = "/v1/shells/";
        if (parts.Length >= 2 && parts[0] == "GET" && parts[1].StartsWith(Prefix, StringComparison.Ordinal) && parts[1].EndsWith("/page", StringComparison.Ordinal)
            && Guid.TryParseExact(parts[1][Prefix.Length..^"/page".Length], "N", out var id) && _pages.TryGetValue(id, out var page))
        {
            var header = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {page.Length}\r\nConnection: close\r\n\r\n");
            return [.. header, .. page];
        }

        return "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray();
    }
}
