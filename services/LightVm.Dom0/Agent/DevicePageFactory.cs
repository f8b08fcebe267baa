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
                Address = guest.Shell.Endpoint.Address,
                PrefixLength = 8,
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
