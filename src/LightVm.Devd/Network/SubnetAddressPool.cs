using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace LightVm.Devd.Network;

/// <summary>
/// Hands out host addresses of an IPv4 subnet (the first is the bridge's), round-robin so that a freed
/// address is not reused at once.
/// </summary>
public sealed class SubnetAddressPool
{
    private readonly uint _network;
    private readonly uint _first;
    private readonly uint _last;
    private readonly HashSet<uint> _inUse = [];
    private readonly Lock _lock = new();
    private uint _next;

    public SubnetAddressPool(IPAddress network, byte prefixLength)
    {
        if (network.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || prefixLength is < 8 or > 30)
        {
            throw new ArgumentException("An IPv4 subnet with a prefix of 8-30 is needed.", nameof(prefixLength));
        }

        PrefixLength = prefixLength;
        var mask = prefixLength == 32 ? uint.MaxValue : ~(uint.MaxValue >> prefixLength);
        _network = BinaryPrimitives.ReadUInt32BigEndian(network.GetAddressBytes()) & mask;
        Gateway = ToAddress(_network + 1);
        _first = _network + 2;
        _last = (_network | ~mask) - 1;
        // Start at a random place so that two agents sharing a bridge (tests) rarely meet.
        _next = _first + (uint)Random.Shared.NextInt64(_last - _first + 1);
    }

    public byte PrefixLength { get; }

    /// <summary>The subnet itself, e.g. "10.77.0.0/16".</summary>
    public string Subnet => $"{ToAddress(_network)}/{PrefixLength}";

    /// <summary>The host side (bridge) address: the subnet's first host address.</summary>
    public IPAddress Gateway { get; }

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

    /// <summary>A pool of <paramref name="subnet"/> ("10.77.0.0/16").</summary>
    public static SubnetAddressPool Parse(string subnet)
    {
        var (network, prefixLength) = ParseSubnet(subnet);
        return new SubnetAddressPool(network, prefixLength);
    }

    /// <summary>"10.77.0.0/16" as its address and prefix length; an <see cref="ArgumentException"/> when it is not an IPv4 subnet in that form.</summary>
    public static (IPAddress Network, byte PrefixLength) ParseSubnet(string subnet)
    {
        ArgumentException.ThrowIfNullOrEmpty(subnet);
        var parts = subnet.Split('/');
        if (parts.Length != 2
            || !IPAddress.TryParse(parts[0], out var network)
            || network.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !byte.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefixLength))
        {
            throw new ArgumentException($"'{subnet}' is not an IPv4 subnet such as 10.77.0.0/16.", nameof(subnet));
        }

        return (network, prefixLength);
    }

    public IPAddress Rent()
    {
        lock (_lock)
        {
            var size = _last - _first + 1;
            for (var i = 0u; i < size; i++)
            {
                var candidate = _next;
                _next = _next >= _last ? _first : _next + 1;
                if (_inUse.Add(candidate))
                {
                    return ToAddress(candidate);
                }
            }
        }

        throw new AddressPoolExhaustedException($"No free address left in {Subnet}.");
    }

    /// <summary>Rents <paramref name="address"/> itself (a guest restored with the address it was saved with); false when it is taken.</summary>
    public bool TryRent(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var value = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes()) : 0;
        if (value < _first || value > _last)
        {
            throw new ArgumentException($"{address} is not a host address of {ToAddress(_network)}/{PrefixLength}.", nameof(address));
        }

        lock (_lock)
        {
            return _inUse.Add(value);
        }
    }

    public void Return(IPAddress address)
    {
        lock (_lock)
        {
            _inUse.Remove(BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes()));
        }
    }

    private static IPAddress ToAddress(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
