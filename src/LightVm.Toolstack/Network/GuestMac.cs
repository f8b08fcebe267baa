namespace LightVm.Toolstack.Network;

/// <summary>
/// The MAC a guest's NIC has once executed: locally administered, unicast, from the guest id's first bytes. The
/// Dom0 agent writes it into the device page; the VM drivers pin the bridge's neighbour entry to it before the
/// guest's init sets it.
/// </summary>
public static class GuestMac
{
    public static byte[] For(Guid id)
    {
        var bytes = id.ToByteArray();
        return [0x02, bytes[0], bytes[1], bytes[2], bytes[3], bytes[4]];
    }
}
