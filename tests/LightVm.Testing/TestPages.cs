using System.Globalization;
using LightVm.Noxs;
using LightVm.Policies;
using LightVm.Toolstack.Lifecycle;
using LightVm.Devd.Network;

namespace LightVm.Testing;

/// <summary>
/// The device page the Dom0 agent writes for a guest of a plain policy (no users, TLS hosts or backend), so driver
/// tests boot guests as the platform does without building the Dom0 agent: identity, the NIC the shell reports,
/// the stdout console, and the port and service as config. (The agent's own factory, with every config key, is
/// checked by LightVm.Dom0.Tests.)
/// </summary>
public static class TestPages
{
    public static DevicePage Create(Guest guest, ServicePolicy policy, ulong generation = 1)
    {
        if (policy.Users.Count > 0 || policy.Hosts.Count > 0 || policy.Backend is not null)
        {
            throw new ArgumentException($"TestPages makes the page of a plain policy only; {policy.Name} has users, hosts or a backend.", nameof(policy));
        }

        return new DevicePage
        {
            Generation = generation,
            GuestId = guest.Id,
            Service = guest.Service,
            Nic = new NicDevice
            {
                Mac = GuestMac.For(guest.Id),
                Address = guest.Shell.GuestAddress,
                PrefixLength = guest.Shell.GuestPrefixLength,
                Gateway = guest.Shell.GuestGateway,
            },
            Console = new ConsoleDevice("stdout"),
            Config = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["port"] = policy.Port.ToString(CultureInfo.InvariantCulture),
                ["service"] = policy.Name,
            },
        };
    }
}
