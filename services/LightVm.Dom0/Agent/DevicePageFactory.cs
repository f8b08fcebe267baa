using System.Globalization;
using LightVm.Noxs;
using LightVm.Policies;
using LightVm.Toolstack.Lifecycle;
using LightVm.Toolstack.Network;

namespace LightVm.Dom0.Agent;

/// <summary>Builds the device page a guest boots into: identity, NIC, console and the service's config blob.</summary>
public static class DevicePageFactory
{
    public static DevicePage Create(Guest guest, ServicePolicy policy, ulong generation = 1)
    {
        return new DevicePage
        {
            Generation = generation,
            GuestId = guest.Id,
            Service = guest.Service,
            Nic = new NicDevice
            {
                Mac = GuestMac.For(guest.Id),
                // What the shell says its guest's NIC is: the endpoint's address (/8) for a guest on the bridge or
                // loopback, a private address and gateway for one behind a forward (QEMU user-mode networking).
                Address = guest.Shell.GuestAddress,
                PrefixLength = guest.Shell.GuestPrefixLength,
                Gateway = guest.Shell.GuestGateway,
            },
            Console = new ConsoleDevice("stdout"),
            Config = new Dictionary<string, string>
            {
                ["port"] = policy.Port.ToString(CultureInfo.InvariantCulture),
                ["service"] = policy.Name,
            },
        };
    }
}
