using System.Net;
using LightVm.Guest.Hosting;
using LightVm.Noxs;

namespace LightVm.JitWeb;

/// <summary>What the guest takes from its device page: who it is and where it listens (<see cref="PageKeys.Port"/>).</summary>
public sealed record GuestSettings(Guid GuestId, string Service, ulong Generation, IPAddress Address, int Port)
{
    /// <summary>Checks the page; every failure becomes a <see cref="GuestStartupException"/> with a clear message.</summary>
    public static GuestSettings FromPage(DevicePage page)
    {
        var port = PageConfig.Port(page);
        var address = page.Nic?.Address ?? IPAddress.Loopback;
        return new GuestSettings(page.GuestId, page.Service, page.Generation, address, port);
    }
}
