using System.Globalization;
using System.Net;
using LightVm.Guest.Hosting;
using LightVm.Noxs;

namespace LightVm.TlsTerminator;

/// <summary>
/// What the guest takes from its device page (<see cref="PageKeys"/>): who it is, where it listens, the host name it
/// serves, its certificate and key (PEM, line breaks may be spaces: page values are single lines) and an optional backend.
/// </summary>
public sealed record GuestSettings(
    Guid GuestId, string Service, ulong Generation, IPAddress Address, int Port, string Hostname, string CertificatePem, string KeyPem, EndPoint? Backend)
{
    /// <summary>Takes the config apart; says which key is missing or wrong (never quoting <c>key</c>'s value).</summary>
    public static GuestSettings FromPage(DevicePage page)
    {
        var port = PageConfig.ParsePort(PageConfig.Required(page, PageKeys.Port), PageKeys.Port);
        var hostname = PageConfig.Required(page, PageKeys.Hostname).Trim().ToLowerInvariant();
        var certificate = PageConfig.Required(page, PageKeys.Certificate);
        var key = PageConfig.Required(page, PageKeys.Key);
        var backend = page.Config.TryGetValue(PageKeys.Backend, out var text) && !string.IsNullOrWhiteSpace(text) ? ParseBackend(text.Trim()) : null;
        var address = page.Nic?.Address ?? IPAddress.Loopback;
        return new GuestSettings(page.GuestId, page.Service, page.Generation, address, port, hostname, certificate, key, backend);
    }

    /// <summary>Keeps the certificate and key out of anything that prints the settings.</summary>
    public override string ToString() =>
        $"GuestSettings {{ GuestId = {GuestId}, Service = {Service}, Address = {Address}, Port = {Port}, Hostname = {Hostname}, Backend = {Backend?.ToString() ?? "-"} }}";

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
            throw new GuestStartupException($"The device page's '{PageKeys.Backend}' is '{text}', not host:port (e.g. 10.0.0.5:8080 or app.internal:80).");
        }

        return new DnsEndPoint(text[..colon], port);
    }
}
