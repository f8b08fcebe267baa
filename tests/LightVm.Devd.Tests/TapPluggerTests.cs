using System.Net.Sockets;
using LightVm.Devd.Tests.Support;

namespace LightVm.Devd.Tests;

/// <summary>Taps for VM guests, real tun devices on a real test bridge.</summary>
public sealed class TapPluggerTests : IAsyncLifetime
{
    private readonly DevdSandbox _sandbox = new();
    private readonly NetlinkNicPlugger _bridges = new();
    private readonly TapPlugger _taps = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [RootFact]
    public async Task Plug_Isolated_TapIsAnUpIsolatedPortOfTheBridge()
    {
        var network = await _sandbox.NewNetworkAsync(_bridges);
        using var tap = _taps.Plug(new TapRequest { Name = _sandbox.NewHostName(), Bridge = network.Bridge });

        var link = await Ip.LinkAsync(tap.Name);
        var port = await Ip.BridgePortAsync(tap.Name);

        Assert.NotNull(link);
        Assert.Equal(network.Bridge, link.Value.GetProperty("master").GetString());
        Assert.True(Ip.HasFlag(link.Value, "UP"));
        Assert.True(port!.Value.GetProperty("isolated").GetBoolean());
    }

    [RootFact]
    public async Task Plug_HostSendsToTheSubnet_FrameArrivesOnTheDescriptor()
    {
        var network = await _sandbox.NewNetworkAsync(_bridges);
        using var tap = _taps.Plug(new TapRequest { Name = _sandbox.NewHostName(), Bridge = network.Bridge });
        using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(tap.Handle.DangerousGetHandle(), ownsHandle: false), FileAccess.Read, 1);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SendTo(new byte[] { 1, 2, 3 }, new System.Net.IPEndPoint(network.Subnet.Guest(7), 9)); // needs ARP first: a broadcast on the bridge
        var buffer = new byte[2048];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(read >= 14, $"a frame of {read} bytes");
    }

    [RootFact]
    public async Task Dispose_Descriptor_RemovesTheTap()
    {
        var network = await _sandbox.NewNetworkAsync(_bridges);
        var tap = _taps.Plug(new TapRequest { Name = _sandbox.NewHostName(), Bridge = network.Bridge });

        tap.Dispose();

        Assert.Null(await Ip.LinkAsync(tap.Name));
    }

    [RootFact]
    public void Plug_MissingBridge_ThrowsNamingItAndLeavesNoTap()
    {
        var name = _sandbox.NewHostName();

        var error = Assert.Throws<InvalidOperationException>(() => _taps.Plug(new TapRequest { Name = name, Bridge = "lvnosuch0" }));

        Assert.Contains("lvnosuch0", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists($"/sys/class/net/{name}"));
    }
}
