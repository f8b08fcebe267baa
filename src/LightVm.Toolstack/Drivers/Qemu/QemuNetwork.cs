namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>How a QEMU guest's virtio-net device reaches the host.</summary>
public enum QemuNetwork
{
    /// <summary>A tap that Devd plugged into the bridge (needs root or CAP_NET_ADMIN): the guest has an address of the bridge's subnet.</summary>
    Tap,

    /// <summary>
    /// QEMU's user-mode networking (slirp): no tap, no bridge, no privileges. The guest sits alone behind a NAT of its own
    /// and is reached through one forwarded TCP port on a host loopback address.
    /// </summary>
    User,
}
