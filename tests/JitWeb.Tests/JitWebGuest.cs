using System.Net;
using LightVm.Noxs;
using LightVm.Testing;

namespace LightVm.JitWeb.Tests;

/// <summary>The published jit-web guest (artifacts/guests/jit-web/jit-web) and the pages its tests give it.</summary>
public static class JitWebGuest
{
    public static GuestProcess Start() => GuestProcess.Start(RepoPaths.JitWebGuest(), "jit-web");

    public static DevicePage Page(Guid guestId, IPAddress address, int? port) => new()
    {
        Generation = 1,
        GuestId = guestId,
        Service = "hello",
        Nic = new NicDevice { Mac = [2, 0, 0, 0, 0, 1], Address = address, PrefixLength = 8 },
        Config = port is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { [PageKeys.Port] = port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };
}
