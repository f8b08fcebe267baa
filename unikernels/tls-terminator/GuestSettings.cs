using System.Globalization;
using System.Net;
using LightVm.Noxs;

namespace LightVm.TlsTerminator;

/// <summary>
/// What the guest takes from its device page: who it is, where it listens, the host name it serves, its
/// certificate and key (PEM, line breaks may be spaces: page values are single lines) and an optional backend.
/// </summary>
public sealed record GuestSettings(
    Guid GuestId, string Service, ulong Generation, IPAddress Address, int Port, string Hostname, string CertificatePem, string KeyPem, EndPoint? Backend)
{
    public const string PortKey = "port";
    public const string HostnameKey = "hostname";
    public const string CertificateKey = "cert";
    public const string KeyKey = "key";
    public const string BackendKey = "backend";

    /// <summary>Reads and checks the page; a failure becomes a <see cref="GuestStartupException"/>.</summary>
    public static DevicePage ReadPage(string pagePath)
    {
        try
        {
            return DevicePageReader.ReadFile(pagePath);
        }
        catch (Exception ex) when (ex is DevicePageFormatException or IOException or UnauthorizedAccessException)
        {
            throw new GuestStartupException($"Cannot read the device page '{pagePath}': {ex.Message}", ex);
        }
    }

    /// <summary>Takes the config apart; says which key is missing or wrong (never quoting <c>key</c>'s value).</summary>
    public static GuestSettings FromPage(DevicePage page)
    {
        var port = ParsePort(Required(page, PortKey), PortKey);
        var hostname = Required(page, HostnameKey).Trim().ToLowerInvariant();
        var certificate = Required(page, CertificateKey);
        var key = Required(page, KeyKey);
        var backend = page.Config.TryGetValue(BackendKey, out var text) && !string.IsNullOrWhiteSpace(text) ? ParseBackend(text.Trim()) : null;
        var address = page.Nic?.Address ?? IPAddress.Loopback;
        return new GuestSettings(page.GuestId, page.Service, page.Generation, address, port, hostname, certificate, key, backend);
    }

    /// <summary>Keeps the certificate and key out of anything that prints the settings.</summary>
    public override string ToString() =>
        $"GuestSettings {{ GuestId = {GuestId}, Service = {Service}, Address = {Address}, Port = {Port}, Hostname = {Hostname}, Backend = {Backend?.ToString() ?? "-"} }}";

    private static string Required(DevicePage page, string key) =>
        page.Config.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new GuestStartupException($"The device page has no '{key}' in its config.");

    private static int ParsePort(string text, string key) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new GuestStartupException($"The device page's '{key}' is '{text}', not a TCP port (1-65535).");

    /// <summary><c>host:port</c>, where host is an IPv4 address, a bracketed IPv6 address or a DNS name.</summary>
    private static EndPoint ParseBackend(string text)
    {
        if (IPEndPoint.TryParse(text, out var ip) && ip.Port != 0 && (text.Contains("]:", StringComparison.Ordinal) || ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork))
        {
            return ip;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || text.IndexOf(':') != colon || Uri.CheckHostName(text[..colon]) != UriHostNameType.Dns
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new GuestStartupException($"The device page's '{BackendKey}' is '{text}', not host:port (e.g. 10.0.0.5:8080 or app.internal:80).");
        }

        return new DnsEndPoint(text[..colon], port);
    }
}
