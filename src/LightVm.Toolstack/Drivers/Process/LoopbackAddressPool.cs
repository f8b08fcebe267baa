using System.Net;
using System.Net.Sockets;

namespace LightVm.Toolstack.Drivers.Process;

/// <summary>
/// Gives each process guest its own loopback address in 127.77.0.0/16 (Linux routes all of 127/8 to lo),
/// so every guest listens on its policy's port without clashes, like a NIC of its own. Addresses are handed
/// out round-robin so a freed one is not reused while its old connections linger in TIME_WAIT.
/// </summary>
public sealed class LoopbackAddressPool
{
    private const int First = 2;
    private const int Last = 0xFFFE;
    private readonly HashSet<int> _inUse = [];
    private readonly Lock _lock = new();
    private int _next;

    public LoopbackAddressPool()
    {
        // Start at a random place so two agents on one host (tests) rarely meet.
        _next = Random.Shared.Next(First, Last);
    }

    public static LoopbackAddressPool Shared { get; } = new();

    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUse.Count;
            }
        }
    }

    /// <summary>Rents an address whose <paramref name="port"/> is free right now.</summary>
    public IPAddress Rent(int port)
    {
        for (var tries = 0; tries < 256; tries++)
        {
            int candidate;
            lock (_lock)
            {
                do
                {
                    candidate = _next;
                    _next = _next >= Last ? First : _next + 1;
                }
                while (!_inUse.Add(candidate));
            }

            var address = ToAddress(candidate);
            if (IsFree(address, port))
            {
                return address;
            }

            Return(address);
        }

        throw new GuestStartException($"No free loopback address in 127.77.0.0/16 for port {port}.");
    }

    public void Return(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        lock (_lock)
        {
            _inUse.Remove((bytes[2] << 8) | bytes[3]);
        }
    }

    private static IPAddress ToAddress(int index) => new([127, 77, (byte)(index >> 8), (byte)(index & 0xFF)]);

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
