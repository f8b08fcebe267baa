using System.Globalization;
using LightVm.Noxs;
using LightVm.Policies;
using LightVm.Policies.Tls;
using LightVm.Toolstack;
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
            Config = Config(guest.Service, policy),
        };
    }

    /// <summary>
    /// The app's config: port and service; for a user's firewall its user and rules; for a TLS host's terminator its
    /// host name, certificate chain and key (PEM, read and checked from the policy's files now, so a renewed
    /// certificate is used by the next guest) and backend. The page is this guest's alone: written by the host, read-only inside.
    /// </summary>
    public static Dictionary<string, string> Config(string instance, ServicePolicy policy)
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PageKeys.Port] = policy.Port.ToString(CultureInfo.InvariantCulture),
            [PageKeys.Service] = policy.Name,
        };
        var label = ServiceInstance.LabelOf(policy, instance);
        if (policy.InstancePer == InstancePer.User && policy.Users.FirstOrDefault(u => string.Equals(u.Name, label, StringComparison.OrdinalIgnoreCase)) is { } user)
        {
            config[PageKeys.User] = user.Name;
            config[PageKeys.Rules] = user.Rules.Text;
        }

        if (policy.Hosts.FirstOrDefault(h => string.Equals(h.Label, label, StringComparison.OrdinalIgnoreCase)) is { } host)
        {
            TlsMaterial material;
            try
            {
                material = TlsMaterial.Load(host.Name, host.CertificatePath, host.KeyPath);
            }
            catch (TlsMaterialException e)
            {
                throw new GuestStartException($"The TLS material of {host.Name} is not usable now: {e.Message}", e);
            }

            foreach (var (key, value) in material.ToPageConfig())
            {
                config[key] = value;
            }
        }

        if (policy.Backend is { } backend)
        {
            config[PageKeys.Backend] = backend;
        }

        return config;
    }
}
