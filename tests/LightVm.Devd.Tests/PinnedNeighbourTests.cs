using System.Net;
using System.Net.Sockets;
using LightVm.Devd.Tests.Support;

namespace LightVm.Devd.Tests;

/// <summary>Permanent neighbour entries for VM guests' addresses, on a real test bridge.</summary>
public sealed class PinnedNeighbourTests : IAsyncLifetime
{
    private static readonly byte[] Mac = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55];
    private readonly DevdSandbox _sandbox = new();
    private readonly NetlinkNicPlugger _bridges = new();
    private readonly TapPlugger _taps = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [RootFact]
    public async Task Pin_GuestAddress_PermanentEntryWithTheMacAndDisposeRemovesIt()
    {
        var network = await _sandbox.NewNetworkAsync(_bridges);
        var address = network.Subnet.Guest(9);

        var pinned = PinnedNeighbour.Pin(network.Bridge, address, Mac);
        var entry = await Ip.NeighbourAsync(network.Bridge, address);
        pinned.Dispose();

        Assert.Contains("lladdr 02:11:22:33:44:55", entry, StringComparison.Ordinal);
        Assert.Contains("PERMANENT", entry, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await Ip.NeighbourAsync(network.Bridge, address));
    }

    [RootFact]
    public async Task Pin_HostSendsToTheAddress_FrameGoesOutAtOnceToTheMacWithoutArp()
    {
        var network = await _sandbox.NewNetworkAsync(_bridges);
        using var tap = _taps.Plug(new TapRequest { Name = _sandbox.NewHostName(), Bridge = network.Bridge, Isolated = false });
        using var pinned = PinnedNeighbour.Pin(network.Bridge, network.Subnet.Guest(8), Mac);
        using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(tap.Handle.DangerousGetHandle(), ownsHandle: false), FileAccess.Read, 1);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SendTo(new byte[] { 1, 2, 3 }, new IPEndPoint(network.Subnet.Guest(8), 9));
        var buffer = new byte[2048];
        int read;
        do
        {
            read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        }
        while (read >= 14 && IsLinkChatter(buffer));

        Assert.True(read >= 14, $"a frame of {read} bytes");
        Assert.Equal(Mac, buffer[..6]);
        Assert.Equal(new byte[] { 0x08, 0x00 }, buffer[12..14]); // IPv4, not an ARP request (0x0806)
    }

    /// <summary>
    /// IPv6 frames and IPv4 multicast (IGMP reports) that a new link sends on its own; an ARP
    /// request (broadcast, 0x0806) is not chatter: it is what the pinned entry must avoid.
    /// </summary>
    private static bool IsLinkChatter(byte[] frame)
    {
        var ipv6 = frame[12] == 0x86 && frame[13] == 0xdd;
        var arp = frame[12] == 0x08 && frame[13] == 0x06;
        var multicast = (frame[0] & 1) != 0;
        return ipv6 || (multicast && !arp);
    }

    [RootFact]
    public void Pin_MissingBridge_ThrowsNamingIt()
    {
        var e = Assert.ThrowsAny<Exception>(() => PinnedNeighbour.Pin("lvnobridge0", IPAddress.Parse("10.99.0.2"), Mac));

        Assert.Contains("lvnobridge0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pin_ShortMac_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => PinnedNeighbour.Pin("lvbr0", IPAddress.Parse("10.99.0.2"), [1, 2, 3]));
    }
}
