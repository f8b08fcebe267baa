using System.Net;

namespace LightVm.Devd;

/// <summary>xendevd: plugs guest NICs into the host bridge directly, without hotplug scripts.</summary>
public interface INicPlugger
{
    /// <summary>
    /// Creates the veth pair, configures the guest end inside the target namespace (name, MAC, address, lo
    /// and NIC up, default route) and attaches the host end to the bridge, up; with <see cref="NicRequest.Isolated"/>
    /// (the default) the host end is an isolated bridge port before it comes up. On failure nothing is left behind.
    /// </summary>
    Task<PluggedNic> PlugAsync(NicRequest request, CancellationToken ct);

    /// <summary>Deletes the host end (the guest end goes with it). Already gone counts as success.</summary>
    Task UnplugAsync(PluggedNic nic, CancellationToken ct);

    /// <summary>Creates the bridge if missing, gives it <paramref name="hostAddress"/>/<paramref name="prefixLength"/> if missing and brings it up. Idempotent.</summary>
    Task EnsureBridgeAsync(string bridge, IPAddress hostAddress, byte prefixLength, CancellationToken ct);
}
