using LightVm.Devd;
using LightVm.Devd.Network;

namespace LightVm.Toolstack.Tests.Drivers;

/// <summary>A guest network of a test's own: its bridge and subnet (deleted by the test), real Devd plugging.</summary>
internal static class TestGuestNetwork
{
    public static GuestNetwork Create(string bridge, string subnet) =>
        new(new GuestNetworkOptions { Bridge = bridge, Subnet = subnet }, new NetlinkNicPlugger(), new TapPlugger());

    /// <summary>The default bridge and subnet: for suites that never plug a NIC (loopback leases only).</summary>
    public static GuestNetwork Loopback() => new(new GuestNetworkOptions(), new NetlinkNicPlugger(), new TapPlugger());
}
