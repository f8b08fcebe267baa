namespace LightVm.Devd.Tests.Support;

/// <summary>Checks, through `ip -j` on both sides, that a request was plugged as asked.</summary>
internal static class PluggedAssert
{
    public static async Task GuestNicAsync(NicRequest request, string netnsPath)
    {
        var nic = await Ip.LinkAsync(request.GuestName, netnsPath);
        Assert.True(nic.HasValue, $"{request.GuestName} is missing from {netnsPath}");
        var link = nic.Value;
        Assert.Equal(request.GuestName, link.GetProperty("ifname").GetString());
        Assert.Equal(string.Join(':', request.Mac.Select(b => b.ToString("x2"))), link.GetProperty("address").GetString());
        Assert.Equal("veth", link.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.True(Ip.HasFlag(link, "UP"), $"{request.GuestName} is not UP: {link}");
        Assert.Equal([(request.Address.ToString(), (int)request.PrefixLength)], Ip.IPv4Addresses(link));
    }

    public static async Task LoopbackUpAsync(string netnsPath)
    {
        var lo = await Ip.LinkAsync("lo", netnsPath);
        Assert.True(lo.HasValue);
        Assert.True(Ip.HasFlag(lo.Value, "UP"), $"lo is not UP in {netnsPath}: {lo}");
    }

    public static async Task HostEndAsync(NicRequest request)
    {
        var hostEnd = await Ip.LinkAsync(request.HostName);
        Assert.True(hostEnd.HasValue, $"host end {request.HostName} is missing");
        Assert.Equal(request.Bridge, hostEnd.Value.GetProperty("master").GetString());
        Assert.True(Ip.HasFlag(hostEnd.Value, "UP"), $"{request.HostName} is not UP: {hostEnd}");
    }

    /// <summary>The host end's bridge port flag "isolated", as `bridge -j -d link` and sysfs report it.</summary>
    public static async Task PortIsolatedAsync(string hostName, bool expected)
    {
        var port = await Ip.BridgePortAsync(hostName);
        Assert.True(port.HasValue, $"{hostName} is not a bridge port");
        Assert.True(port.Value.TryGetProperty("isolated", out var isolated), $"`bridge -j -d link` reports no isolated flag for {hostName}: {port}");
        Assert.Equal(expected, isolated.GetBoolean());
        Assert.Equal(expected ? "1" : "0", File.ReadAllText($"/sys/class/net/{hostName}/brport/isolated").Trim());
    }

    public static async Task DefaultRouteAsync(NicRequest request, string netnsPath)
    {
        var defaults = (await Ip.RoutesAsync(netnsPath)).Where(r => r.GetProperty("dst").GetString() == "default").ToArray();
        if (request.Gateway is null)
        {
            Assert.Empty(defaults);
            return;
        }

        var route = Assert.Single(defaults);
        Assert.Equal(request.Gateway.ToString(), route.GetProperty("gateway").GetString());
        Assert.Equal(request.GuestName, route.GetProperty("dev").GetString());
    }

    public static async Task AllAsync(NicRequest request, string netnsPath)
    {
        await GuestNicAsync(request, netnsPath);
        await LoopbackUpAsync(netnsPath);
        await DefaultRouteAsync(request, netnsPath);
        await HostEndAsync(request);
    }

    public static async Task NoHostEndAsync(string hostName) =>
        Assert.DoesNotContain(hostName, await Ip.HostLinkNamesAsync());
}
