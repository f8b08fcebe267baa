namespace LightVm.Devd.Network;

/// <summary>
/// The MACs of guest NICs: locally administered, unicast, from the guest id's first bytes. <see cref="For"/> is the
/// one a guest's NIC has once executed: the Dom0 agent writes it into the device page; the VM drivers pin the
/// bridge's neighbour entry to it before the guest's init sets it.
/// </summary>
public static class GuestMac
{
    public static byte[] For(Guid id)
    {
        var bytes = id.ToByteArray();
        return [0x02, bytes[0], bytes[1], bytes[2], bytes[3], bytes[4]];
    }

    /// <summary>The MAC of a container's veth guest end ("02:4c:…").</summary>
    public static byte[] Veth(Guid id) => Tagged(0x4c, id);

    /// <summary>The MAC a user-mode Linux guest's device boots with, until its init sets <see cref="For"/> ("02:4d:…").</summary>
    public static byte[] Uml(Guid id) => Tagged(0x4d, id);

    private static byte[] Tagged(byte tag, Guid id)
    {
        var bytes = id.ToByteArray();
        return [0x02, tag, bytes[0], bytes[1], bytes[2], bytes[3]];
    }
}
