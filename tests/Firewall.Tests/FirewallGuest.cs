using System.Globalization;
using System.Net;
using LightVm.Noxs;

namespace LightVm.FirewallGuest.Tests;

/// <summary>The published firewall guest (<see cref="GuestBinary"/>) and the pages its tests give it.</summary>
public static class FirewallGuest
{
    public static GuestProcess Start() => GuestProcess.Start(GuestBinary.Path(), "firewall");

    public static DevicePage Page(IPAddress address, int port, string? rules, string user = "alice") => new()
    {
        Generation = 1,
        GuestId = Guid.NewGuid(),
        Service = "firewall",
        Nic = new NicDevice { Mac = [2, 0, 0, 0, 0, 1], Address = address, PrefixLength = 8 },
        Config = rules is null
            ? new Dictionary<string, string> { [PageKeys.Port] = port.ToString(CultureInfo.InvariantCulture), [PageKeys.User] = user }
            : new Dictionary<string, string> { [PageKeys.Port] = port.ToString(CultureInfo.InvariantCulture), [PageKeys.User] = user, [PageKeys.Rules] = rules },
    };
}
