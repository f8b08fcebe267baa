using System.Net;
using LightVm.Devd.Network;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// Networking: a tap on the <see cref="GuestNetwork"/>'s bridge with a bridge address (tap mode), or QEMU's
/// user-mode networking with a forward from a loopback address (user mode), decided once (<see cref="Network"/>).
/// </summary>
public sealed partial class QemuDriver
{
    private (QemuNetwork Network, string Reason) DecideNetwork() => _networkMode.Value;

    /// <summary>Makes sure the bridge is there before a tap-mode guest is plugged into it.</summary>
    private Task EnsureBridgeAsync(QemuNetwork network, CancellationToken cancellationToken) =>
        network == QemuNetwork.Tap ? _network.EnsureBridgeAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>A bridge address (tap), or a loopback address whose <paramref name="port"/> is free (the host end of the user-mode forward).</summary>
    private IPAddress RentAddress(QemuNetwork network, int port) =>
        network == QemuNetwork.User ? _network.LeaseLoopback(port) : _network.LeaseAddress();

    private bool TryRentAddress(QemuNetwork network, IPAddress address, int port) =>
        network == QemuNetwork.User ? _network.Loopback.TryRent(address, port) : _network.Addresses.TryRent(address);

    /// <summary>Tap mode: opens the guest's tap and pins the bridge's neighbour entry for its address.</summary>
    private void PlugNic(QemuShell shell)
    {
        if (shell.IsUserNetwork)
        {
            return;
        }

        shell.Tap = _network.PlugTap(GuestNicKind.QemuTap, shell.Id, shell.Spec.Isolated);
        // The page's MAC (from the id): a restored clone's device keeps the saved MAC until its init sets this one.
        shell.Neighbour ??= _network.PinGuestMac(shell.Id, shell.Endpoint.Address);
    }

    /// <summary>Closes what <see cref="PlugNic"/> opened and gives the address back.</summary>
    private void UnplugNic(QemuShell shell)
    {
        shell.Tap?.Dispose();
        shell.Neighbour?.Dispose();
        if (shell.IsUserNetwork)
        {
            _network.Loopback.Return(shell.Endpoint.Address);
        }
        else
        {
            _network.Addresses.Return(shell.Endpoint.Address);
        }
    }
}
