using System.Net;
using LightVm.Devd.Network;

namespace LightVm.Toolstack.Drivers;

/// <summary>The drivers' leases from the <see cref="GuestNetwork"/>: an exhausted pool fails the prepare as a <see cref="GuestStartException"/>.</summary>
internal static class GuestNetworkLeases
{
    /// <summary>A guest address on the bridge.</summary>
    public static IPAddress LeaseAddress(this GuestNetwork network) => Lease(network.Addresses.Rent);

    /// <summary>A loopback address whose <paramref name="port"/> is free (process guests, QEMU user-mode forwards).</summary>
    public static IPAddress LeaseLoopback(this GuestNetwork network, int port) => Lease(() => network.Loopback.Rent(port));

    private static IPAddress Lease(Func<IPAddress> rent)
    {
        try
        {
            return rent();
        }
        catch (AddressPoolExhaustedException e)
        {
            throw new GuestStartException(e.Message, e);
        }
    }
}
