using System.Diagnostics;
using System.Net;
using LightVm.Devd.Tests.Support;

namespace LightVm.Devd.Tests;

/// <summary>The real plugger against real rtnetlink, each test in its own namespaces, bridge and subnet.</summary>
public sealed class NetlinkNicPluggerTests : IAsyncLifetime
{
    /// <summary>Bounds each guest-to-guest attempt that is expected to fail (a dropped ARP/SYN never answers).</summary>
    private static readonly TimeSpan GuestToGuestTimeout = TimeSpan.FromSeconds(1);

    private readonly DevdSandbox _sandbox = new();
    private readonly NetlinkNicPlugger _plugger = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [RootFact]
    public async Task PlugAsync_FreshNetns_GuestNicHasNameMacAddressAndIsUp()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (request, holder) = await _sandbox.NewRequestAsync(network);

        var nic = await _plugger.PlugAsync(request, _sandbox.Token);

        Assert.Equal(new PluggedNic(request.HostName, "eth0", network.Bridge, request.Address, Isolated: true), nic);
        await PluggedAssert.GuestNicAsync(request, holder.NetnsPath);
    }

    [RootFact]
    public async Task PlugAsync_FreshNetns_LoopbackIsUp()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (request, holder) = await _sandbox.NewRequestAsync(network);

        await _plugger.PlugAsync(request, _sandbox.Token);

        await PluggedAssert.LoopbackUpAsync(holder.NetnsPath);
    }

    [RootFact]
    public async Task PlugAsync_WithGateway_AddsDefaultRouteViaGateway()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (request, holder) = await _sandbox.NewRequestAsync(network, gateway: true);

        await _plugger.PlugAsync(request, _sandbox.Token);

        await PluggedAssert.DefaultRouteAsync(request, holder.NetnsPath);
    }

    [RootFact]
    public async Task PlugAsync_WithoutGateway_AddsNoDefaultRoute()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (request, holder) = await _sandbox.NewRequestAsync(network, gateway: false);

        await _plugger.PlugAsync(request, _sandbox.Token);

        await PluggedAssert.DefaultRouteAsync(request, holder.NetnsPath);
        await PluggedAssert.GuestNicAsync(request, holder.NetnsPath);
    }

    [RootFact]
    public async Task PlugAsync_FreshNetns_HostEndIsAttachedToBridgeAndUp()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (request, _) = await _sandbox.NewRequestAsync(network);

        await _plugger.PlugAsync(request, _sandbox.Token);

        await PluggedAssert.HostEndAsync(request);
    }

    [RootFact]
    public async Task PlugAsync_FreshNetns_HostReachesGuestOverTcpAcrossBridge()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (request, holder) = await _sandbox.NewRequestAsync(network);
        await _plugger.PlugAsync(request, _sandbox.Token);
        using var listener = await NetnsSockets.ListenAsync(holder.NetnsPath, request.Address);

        var reached = await NetnsSockets.TryExchangeAsync(listener, request.Address, NetnsSockets.NewHostClientAsync);

        Assert.True(reached, $"host could not reach {request.Address}:{NetnsSockets.Port} across {network.Bridge}");
    }

    [RootFact]
    public async Task PlugAsync_NetnsPathAndCustomGuestName_PlugsIntoThatNamespace()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (byPid, holder) = await _sandbox.NewRequestAsync(network);
        var request = new NicRequest
        {
            HostName = byPid.HostName,
            GuestName = "net0",
            Mac = byPid.Mac,
            Address = byPid.Address,
            PrefixLength = byPid.PrefixLength,
            Gateway = byPid.Gateway,
            Bridge = byPid.Bridge,
            NetnsPath = holder.NetnsPath,
        };

        var nic = await _plugger.PlugAsync(request, _sandbox.Token);

        Assert.Equal("net0", nic.GuestName);
        await PluggedAssert.AllAsync(request, holder.NetnsPath);
    }

    [RootFact]
    public async Task PlugAsync_DeadPid_ThrowsNamingTheNamespaceAndLeavesNoVeth()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (template, _) = await _sandbox.NewRequestAsync(network);
        var deadPid = await DeadPidAsync();
        var request = new NicRequest
        {
            HostName = template.HostName,
            Mac = template.Mac,
            Address = template.Address,
            PrefixLength = template.PrefixLength,
            Bridge = template.Bridge,
            NetnsPid = deadPid,
        };

        var error = await Assert.ThrowsAsync<NetlinkException>(() => _plugger.PlugAsync(request, _sandbox.Token));

        Assert.Contains($"/proc/{deadPid}/ns/net", error.Message);
        Assert.Contains("No such file or directory", error.Message);
        Assert.Equal("ENOENT", error.ErrorName);
        await PluggedAssert.NoHostEndAsync(request.HostName);
    }

    [RootFact]
    public async Task PlugAsync_MissingBridge_ThrowsNamingTheBridgeAndLeavesNoVeth()
    {
        var (template, holder) = await _sandbox.NewRequestAsync(new TestNetwork(_sandbox.NewBridgeName(), DevdSandbox.NewSubnet()));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _plugger.PlugAsync(template, _sandbox.Token));

        Assert.Contains(template.Bridge, error.Message);
        Assert.Contains("EnsureBridgeAsync", error.Message);
        await PluggedAssert.NoHostEndAsync(template.HostName);
        Assert.Null(await Ip.LinkAsync("eth0", holder.NetnsPath));
    }

    [RootFact]
    public async Task PlugAsync_GuestNameTakenInNetns_ThrowsNetlinkExceptionNamingOperationAndLeavesNoVeth()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (first, holder) = await _sandbox.NewRequestAsync(network, 1);
        await _plugger.PlugAsync(first, _sandbox.Token);
        var second = new NicRequest
        {
            HostName = _sandbox.NewHostName(),
            Mac = [0x02, 0, 0, 0, 0, 2],
            Address = network.Subnet.Guest(2),
            PrefixLength = TestSubnet.PrefixLength,
            Bridge = network.Bridge,
            NetnsPid = holder.Pid,
        };

        var error = await Assert.ThrowsAsync<NetlinkException>(() => _plugger.PlugAsync(second, _sandbox.Token));

        Assert.Contains("create veth pair", error.Message);
        Assert.Contains(second.HostName, error.Message);
        Assert.Contains("File exists", error.Message);
        Assert.Equal("EEXIST", error.ErrorName);
        await PluggedAssert.NoHostEndAsync(second.HostName);
        await PluggedAssert.AllAsync(first, holder.NetnsPath);
    }

    [RootFact]
    public async Task PlugAsync_HostNameTaken_ThrowsAndKeepsTheExistingLink()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (first, firstHolder) = await _sandbox.NewRequestAsync(network, 1);
        await _plugger.PlugAsync(first, _sandbox.Token);
        var (template, secondHolder) = await _sandbox.NewRequestAsync(network, 2);
        var second = new NicRequest
        {
            HostName = first.HostName,
            Mac = template.Mac,
            Address = template.Address,
            PrefixLength = template.PrefixLength,
            Bridge = template.Bridge,
            NetnsPid = secondHolder.Pid,
        };

        var error = await Assert.ThrowsAsync<NetlinkException>(() => _plugger.PlugAsync(second, _sandbox.Token));

        Assert.Equal("EEXIST", error.ErrorName);
        Assert.Contains("create veth pair", error.Operation);
        await PluggedAssert.AllAsync(first, firstHolder.NetnsPath);
        Assert.Null(await Ip.LinkAsync("eth0", secondHolder.NetnsPath));
    }

    [RootFact]
    public async Task PlugAsync_OwnNamespace_ThrowsArgumentExceptionAndLeavesNoVeth()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (template, _) = await _sandbox.NewRequestAsync(network);
        var request = new NicRequest
        {
            HostName = template.HostName,
            Mac = template.Mac,
            Address = template.Address,
            PrefixLength = template.PrefixLength,
            Bridge = template.Bridge,
            NetnsPid = Environment.ProcessId,
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _plugger.PlugAsync(request, _sandbox.Token));

        Assert.Contains("own network namespace", error.Message);
        await PluggedAssert.NoHostEndAsync(request.HostName);
    }

    [Fact]
    public async Task PlugAsync_Ipv6Address_ThrowsArgumentExceptionBeforeTouchingTheKernel()
    {
        var request = new NicRequest
        {
            HostName = "lv0123456789",
            Mac = [0x02, 0, 0, 0, 0, 1],
            Address = IPAddress.Parse("fd00::2"),
            PrefixLength = 64,
            Bridge = "lvbr0",
            NetnsPid = 1,
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _plugger.PlugAsync(request, CancellationToken.None));

        Assert.Contains("IPv4", error.Message);
    }

    [RootFact]
    public async Task PlugAsync_ConcurrentPlugs_AllGuestsConfigured()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var requests = await Task.WhenAll(Enumerable.Range(1, 12).Select(n => _sandbox.NewRequestAsync(network, n)));

        var nics = await Task.WhenAll(requests.Select(r => Task.Run(() => _plugger.PlugAsync(r.Request, _sandbox.Token))));

        Assert.Equal(requests.Select(r => r.Request.HostName).Order(), nics.Select(n => n.HostName).Order());
        foreach (var (request, holder) in requests)
        {
            await PluggedAssert.AllAsync(request, holder.NetnsPath);
        }
    }

    [RootFact]
    public async Task PlugAsync_GuestsOnDifferentBridges_CannotReachEachOther()
    {
        var networkA = await _sandbox.NewNetworkAsync(_plugger);
        var networkB = await _sandbox.NewNetworkAsync(_plugger);
        var (a, holderA) = await _sandbox.NewRequestAsync(networkA);
        var (b, holderB) = await _sandbox.NewRequestAsync(networkB);
        await _plugger.PlugAsync(a, _sandbox.Token);
        await _plugger.PlugAsync(b, _sandbox.Token);
        using var listenerA = await NetnsSockets.ListenAsync(holderA.NetnsPath, a.Address);
        using var listenerB = await NetnsSockets.ListenAsync(holderB.NetnsPath, b.Address);
        Assert.True(await NetnsSockets.TryExchangeAsync(listenerA, a.Address, NetnsSockets.NewHostClientAsync), "control: host cannot reach guest A");
        Assert.True(await NetnsSockets.TryExchangeAsync(listenerB, b.Address, NetnsSockets.NewHostClientAsync), "control: host cannot reach guest B");

        var aToB = await NetnsSockets.TryExchangeAsync(listenerB, b.Address, () => NetnsSockets.NewClientAsync(holderA.NetnsPath), attempts: 2);
        var bToA = await NetnsSockets.TryExchangeAsync(listenerA, a.Address, () => NetnsSockets.NewClientAsync(holderB.NetnsPath), attempts: 2);

        var forwarding = File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim();
        Assert.False(aToB, $"guest A reached guest B across bridges (host net.ipv4.ip_forward={forwarding})");
        Assert.False(bToA, $"guest B reached guest A across bridges (host net.ipv4.ip_forward={forwarding})");
    }

    [RootFact]
    public async Task PlugAsync_IsolatedNotSet_HostEndIsAnIsolatedBridgePortAndUp()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (template, holder) = await _sandbox.NewRequestAsync(network);
        var request = new NicRequest
        {
            HostName = template.HostName,
            Mac = template.Mac,
            Address = template.Address,
            PrefixLength = template.PrefixLength,
            Gateway = template.Gateway,
            Bridge = template.Bridge,
            NetnsPid = template.NetnsPid,
        };

        var nic = await _plugger.PlugAsync(request, _sandbox.Token);

        Assert.True(nic.Isolated);
        await PluggedAssert.PortIsolatedAsync(request.HostName, expected: true);
        await PluggedAssert.AllAsync(request, holder.NetnsPath);
    }

    [RootFact]
    public async Task PlugAsync_NotIsolated_HostEndIsAPlainBridgePortAndUp()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (request, holder) = await _sandbox.NewRequestAsync(network, isolated: false);

        var nic = await _plugger.PlugAsync(request, _sandbox.Token);

        Assert.False(nic.Isolated);
        await PluggedAssert.PortIsolatedAsync(request.HostName, expected: false);
        await PluggedAssert.AllAsync(request, holder.NetnsPath);
    }

    [RootFact]
    public async Task PlugAsync_IsolatedGuestsOnSameBridge_CannotReachEachOtherButHostReachesBoth()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (a, holderA) = await _sandbox.NewRequestAsync(network, 1, isolated: true);
        var (b, holderB) = await _sandbox.NewRequestAsync(network, 2, isolated: true);
        await _plugger.PlugAsync(a, _sandbox.Token);
        await _plugger.PlugAsync(b, _sandbox.Token);
        using var listenerA = await NetnsSockets.ListenAsync(holderA.NetnsPath, a.Address);
        using var listenerB = await NetnsSockets.ListenAsync(holderB.NetnsPath, b.Address);

        var hostToA = await NetnsSockets.TryExchangeAsync(listenerA, a.Address, NetnsSockets.NewHostClientAsync);
        var hostToB = await NetnsSockets.TryExchangeAsync(listenerB, b.Address, NetnsSockets.NewHostClientAsync);
        var aToB = await NetnsSockets.TryExchangeAsync(listenerB, b.Address, () => NetnsSockets.NewClientAsync(holderA.NetnsPath), attempts: 2, timeout: GuestToGuestTimeout);
        var bToA = await NetnsSockets.TryExchangeAsync(listenerA, a.Address, () => NetnsSockets.NewClientAsync(holderB.NetnsPath), attempts: 2, timeout: GuestToGuestTimeout);

        Assert.True(hostToA, $"host could not reach isolated guest A ({a.Address}) on {network.Bridge}");
        Assert.True(hostToB, $"host could not reach isolated guest B ({b.Address}) on {network.Bridge}");
        Assert.False(aToB, $"isolated guest A reached isolated guest B on the same bridge {network.Bridge}");
        Assert.False(bToA, $"isolated guest B reached isolated guest A on the same bridge {network.Bridge}");
    }

    [RootFact]
    public async Task PlugAsync_NonIsolatedGuestsOnSameBridge_ReachEachOther()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (a, holderA) = await _sandbox.NewRequestAsync(network, 1, isolated: false);
        var (b, holderB) = await _sandbox.NewRequestAsync(network, 2, isolated: false);
        await _plugger.PlugAsync(a, _sandbox.Token);
        await _plugger.PlugAsync(b, _sandbox.Token);
        using var listenerA = await NetnsSockets.ListenAsync(holderA.NetnsPath, a.Address);
        using var listenerB = await NetnsSockets.ListenAsync(holderB.NetnsPath, b.Address);

        var aToB = await NetnsSockets.TryExchangeAsync(listenerB, b.Address, () => NetnsSockets.NewClientAsync(holderA.NetnsPath));
        var bToA = await NetnsSockets.TryExchangeAsync(listenerA, a.Address, () => NetnsSockets.NewClientAsync(holderB.NetnsPath));

        Assert.True(aToB, $"guest A could not reach guest B ({b.Address}) on {network.Bridge}");
        Assert.True(bToA, $"guest B could not reach guest A ({a.Address}) on {network.Bridge}");
    }

    [RootFact]
    public async Task PlugAsync_IsolatedAndNonIsolatedGuestOnSameBridge_ReachEachOther()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (isolated, isolatedHolder) = await _sandbox.NewRequestAsync(network, 1, isolated: true);
        var (open, openHolder) = await _sandbox.NewRequestAsync(network, 2, isolated: false);
        await _plugger.PlugAsync(isolated, _sandbox.Token);
        await _plugger.PlugAsync(open, _sandbox.Token);
        using var isolatedListener = await NetnsSockets.ListenAsync(isolatedHolder.NetnsPath, isolated.Address);
        using var openListener = await NetnsSockets.ListenAsync(openHolder.NetnsPath, open.Address);

        var isolatedToOpen = await NetnsSockets.TryExchangeAsync(openListener, open.Address, () => NetnsSockets.NewClientAsync(isolatedHolder.NetnsPath));
        var openToIsolated = await NetnsSockets.TryExchangeAsync(isolatedListener, isolated.Address, () => NetnsSockets.NewClientAsync(openHolder.NetnsPath));

        Assert.True(isolatedToOpen, $"isolated guest could not reach the non-isolated guest ({open.Address}) on {network.Bridge}");
        Assert.True(openToIsolated, $"non-isolated guest could not reach the isolated guest ({isolated.Address}) on {network.Bridge}");
    }

    [RootFact]
    public async Task UnplugAsync_PluggedNic_RemovesHostAndGuestEnds()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (request, holder) = await _sandbox.NewRequestAsync(network);
        var nic = await _plugger.PlugAsync(request, _sandbox.Token);

        await _plugger.UnplugAsync(nic, _sandbox.Token);

        await PluggedAssert.NoHostEndAsync(request.HostName);
        Assert.Null(await Ip.LinkAsync(request.GuestName, holder.NetnsPath));
    }

    [RootFact]
    public async Task UnplugAsync_Twice_Succeeds()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (request, _) = await _sandbox.NewRequestAsync(network);
        var nic = await _plugger.PlugAsync(request, _sandbox.Token);
        await _plugger.UnplugAsync(nic, _sandbox.Token);

        await _plugger.UnplugAsync(nic, _sandbox.Token);

        await PluggedAssert.NoHostEndAsync(request.HostName);
    }

    [RootFact]
    public async Task UnplugAsync_NetnsAlreadyGone_Succeeds()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (request, holder) = await _sandbox.NewRequestAsync(network);
        var nic = await _plugger.PlugAsync(request, _sandbox.Token);
        await holder.KillAsync();

        await _plugger.UnplugAsync(nic, _sandbox.Token);

        await PluggedAssert.NoHostEndAsync(request.HostName);
    }

    [RootFact]
    public async Task UnplugAsync_NameOfABridge_ThrowsAndKeepsTheBridge()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => _plugger.UnplugAsync(new PluggedNic(network.Bridge, "eth0", network.Bridge, network.Subnet.Guest(1), Isolated: false), _sandbox.Token));

        Assert.Contains("not the host end of a veth pair", error.Message);
        Assert.NotNull(await Ip.LinkAsync(network.Bridge));
    }

    [RootFact]
    public async Task EnsureBridgeAsync_CalledTwice_IsIdempotent()
    {
        var bridge = _sandbox.NewBridgeName();
        var subnet = DevdSandbox.NewSubnet();

        await _plugger.EnsureBridgeAsync(bridge, subnet.BridgeAddress, TestSubnet.PrefixLength, _sandbox.Token);
        await _plugger.EnsureBridgeAsync(bridge, subnet.BridgeAddress, TestSubnet.PrefixLength, _sandbox.Token);

        var link = await Ip.LinkAsync(bridge);
        Assert.True(link.HasValue);
        Assert.Equal("bridge", link.Value.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.True(Ip.HasFlag(link.Value, "UP"));
        Assert.Equal([(subnet.BridgeAddress.ToString(), (int)TestSubnet.PrefixLength)], Ip.IPv4Addresses(link.Value));
    }

    [RootFact]
    public async Task EnsureBridgeAsync_SameAddressOtherPrefix_Throws()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => _plugger.EnsureBridgeAsync(network.Bridge, network.Subnet.BridgeAddress, 16, _sandbox.Token));

        Assert.Contains("/24", error.Message);
    }

    [RootFact]
    public async Task EnsureBridgeAsync_NameOfAVeth_Throws()
    {
        var network = await _sandbox.NewNetworkAsync(_plugger);
        var (request, _) = await _sandbox.NewRequestAsync(network);
        await _plugger.PlugAsync(request, _sandbox.Token);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => _plugger.EnsureBridgeAsync(request.HostName, network.Subnet.BridgeAddress, TestSubnet.PrefixLength, _sandbox.Token));

        Assert.Contains("not a bridge", error.Message);
    }

    private static async Task<int> DeadPidAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }
}
