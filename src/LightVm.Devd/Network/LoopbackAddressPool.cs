using System.Net;
using System.Net.Sockets;

namespace LightVm.Devd.Network;

/// <summary>
/// Gives each guest without a NIC of its own (process guests, QEMU user-mode forwards) its own loopback address,
/// 127.77.0.0/16 by default (Linux routes all of 127/8 to lo), so every guest listens on its policy's port without
/// clashes, like a NIC of its own. The addresses come from a <see cref="SubnetAddressPool"/> (round-robin from a
/// random start, so a freed one is not reused while its old connections linger in TIME_WAIT); this pool adds the
/// check that the port is free on it right now. One per host: <see cref="GuestNetwork.Loopback"/>.
/// </summary>
public sealed class LoopbackAddressPool
{
    public const string DefaultSubnet = "127.77.0.0/16";

    private readonly SubnetAddressPool _subnet;

    public LoopbackAddressPool()
        : this(DefaultSubnet)
    {
    }

    /// <param name="subnet">A subnet of 127.0.0.0/8, e.g. "127.77.0.0/16".</param>
    public LoopbackAddressPool(string subnet)
    {
        _subnet = SubnetAddressPool.Parse(subnet);
        if (!IPAddress.IsLoopback(_subnet.Gateway))
        {
            throw new ArgumentException($"'{subnet}' is not a loopback subnet (127.0.0.0/8).", nameof(subnet));
        }
    }

    public string Subnet => _subnet.Subnet;

    public int InUse => _subnet.InUse;

    /// <summary>Rents an address whose <paramref name="port"/> is free right now.</summary>
    public IPAddress Rent(int port)
    {
        for (var tries = 0; tries < 256; tries++)
        {
            var address = _subnet.Rent();
            if (IsFree(address, port))
            {
                return address;
            }

            _subnet.Return(address);
        }

        throw new AddressPoolExhaustedException($"No free loopback address in {Subnet} for port {port}.");
    }

    /// <summary>Rents exactly <paramref name="address"/> (a restored guest's), when it is not rented and its <paramref name="port"/> is free.</summary>
    public bool TryRent(IPAddress address, int port)
    {
        if (!_subnet.TryRent(address))
        {
            return false;
        }

        if (IsFree(address, port))
        {
            return true;
        }

        _subnet.Return(address);
        return false;
    }

    public void Return(IPAddress address) => _subnet.Return(address);

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
