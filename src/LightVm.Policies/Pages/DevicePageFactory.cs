using System.Globalization;
using LightVm.Noxs;
using LightVm.Policies.Tls;

namespace LightVm.Policies.Pages;

/// <summary>Builds the device page a guest boots into: identity, NIC, console and the service's config blob.</summary>
public static class DevicePageFactory
{
    /// <param name="guestId">The guest's id (its shell's).</param>
    /// <param name="instance">The instance key the guest serves: the service, or <c>&lt;label&gt;.&lt;service&gt;</c>.</param>
    /// <param name="nic">The NIC its shell gives it (the toolstack's <c>GuestNic.For(shell)</c>).</param>
    /// <param name="policy">The service's policy.</param>
    /// <param name="generation">The page's generation.</param>
    public static DevicePage Create(Guid guestId, string instance, NicDevice nic, ServicePolicy policy, ulong generation = 1)
    {
        return new DevicePage
        {
            Generation = generation,
            GuestId = guestId,
            Service = instance,
            Nic = nic,
            Console = new ConsoleDevice("stdout"),
            Config = Config(instance, policy),
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
                throw new TlsMaterialException($"The TLS material of {host.Name} is not usable now: {e.Message}", e);
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
