using LightVm.Noxs;
using LightVm.Devd.Network;

namespace LightVm.Toolstack.Launching;

/// <summary>The NIC a guest's device page describes, as its shell gives it.</summary>
public static class GuestNic
{
    public static NicDevice For(Shell shell) => new()
    {
        Mac = GuestMac.For(shell.Id),
        // What the shell says its guest's NIC is: the endpoint's address (/8) for a guest on the bridge or
        // loopback, a private address and gateway for one behind a forward (QEMU user-mode networking).
        Address = shell.GuestAddress,
        PrefixLength = shell.GuestPrefixLength,
        Gateway = shell.GuestGateway,
    };
}
