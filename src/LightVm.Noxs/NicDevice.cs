using System.Net;

namespace LightVm.Noxs;

/// <summary>A network interface as the guest should configure it.</summary>
public sealed record NicDevice
{
    public required byte[] Mac { get; init; }

    public required IPAddress Address { get; init; }

    public required byte PrefixLength { get; init; }

    public IPAddress? Gateway { get; init; }

    public bool Equals(NicDevice? other) =>
        other is not null
        && Mac.AsSpan().SequenceEqual(other.Mac)
        && Address.Equals(other.Address)
        && PrefixLength == other.PrefixLength
        && Equals(Gateway, other.Gateway);

    public override int GetHashCode() => HashCode.Combine(Address, PrefixLength, Gateway);
}
