using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace LightVm.Devd;

/// <summary>Small IPv4 arithmetic for validation and broadcast addresses.</summary>
internal static class Ipv4
{
    public static bool IsIPv4(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork;

    public static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress FromUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    public static uint Mask(byte prefixLength) => prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);

    public static bool SameSubnet(IPAddress a, IPAddress b, byte prefixLength) =>
        (ToUInt32(a) & Mask(prefixLength)) == (ToUInt32(b) & Mask(prefixLength));

    public static IPAddress Broadcast(IPAddress address, byte prefixLength) =>
        FromUInt32(ToUInt32(address) | ~Mask(prefixLength));
}
