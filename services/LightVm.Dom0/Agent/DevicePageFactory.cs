using System.Globalization;
using LightVm.Noxs;
using LightVm.Policies;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Dom0.Agent;

/// <summary>Builds the device page a guest boots into: identity, NIC, console and the service's config blob.</summary>
public static class DevicePageFactory
{
    public static DevicePage Create(Guest guest, ServicePolicy policy, ulong generation = 1)
    {
        var id = guest.Id.ToByteArray();
        return new DevicePage
        {
            Generation = generation,
            GuestId = guest.Id,
            Service = guest.Service,
            Nic = new NicDevice
            {
                // Locally administered, unicast, derived from the guest id.
                Mac = [0x02, id[0], id[1], id[2], id[3], id[4]],
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
