namespace LightVm.Devd.Network;

/// <summary>The kinds of guest NIC the network owner plugs; each has its own host-side name prefix (<see cref="GuestNetwork.NicName"/>).</summary>
public enum GuestNicKind
{
    /// <summary>A container's veth pair ("lv…").</summary>
    Veth,

    /// <summary>A user-mode Linux guest's tap ("lu…").</summary>
    UmlTap,

    /// <summary>A QEMU guest's tap ("lq…").</summary>
    QemuTap,
}
