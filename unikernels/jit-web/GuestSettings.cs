using System.Globalization;
using System.Net;
using LightVm.Noxs;

namespace LightVm.JitWeb;

/// <summary>What the guest takes from its device page: who it is and where it listens.</summary>
public sealed record GuestSettings(Guid GuestId, string Service, ulong Generation, IPAddress Address, int Port)
{
    public const string PortKey = "port";

    /// <summary>Reads and checks the page; every failure becomes a <see cref="GuestStartupException"/> with a clear message.</summary>
    public static GuestSettings Load(string pagePath) => FromPage(ReadPage(pagePath));

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

    public static GuestSettings FromPage(DevicePage page)
    {
        if (!page.Config.TryGetValue(PortKey, out var text))
        {
            throw new GuestStartupException($"The device page has no '{PortKey}' in its config.");
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new GuestStartupException($"The device page's '{PortKey}' is '{text}', not a TCP port (1-65535).");
        }

        var address = page.Nic?.Address ?? IPAddress.Loopback;
        return new GuestSettings(page.GuestId, page.Service, page.Generation, address, port);
    }
}
