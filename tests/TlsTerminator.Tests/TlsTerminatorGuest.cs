using System.Net;
using LightVm.Noxs;

namespace LightVm.TlsTerminator.Tests;

/// <summary>The published tls-terminator guest (<see cref="GuestBinary"/>) and the pages its tests give it.</summary>
public static class TlsTerminatorGuest
{
    public static GuestProcess Start() => GuestProcess.Start(GuestBinary.Path(), "tls-terminator");

    public static DevicePage Page(Guid guestId, IPAddress address, IReadOnlyDictionary<string, string> config) => new()
    {
        Generation = 1,
        GuestId = guestId,
        Service = "secure",
        Nic = new NicDevice { Mac = [2, 0, 0, 0, 0, 1], Address = address, PrefixLength = 8 },
        Config = config,
    };
}
