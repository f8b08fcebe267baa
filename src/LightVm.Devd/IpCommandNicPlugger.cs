using System.Net;
using System.Text.Json;
using LightVm.Devd.Netlink;

namespace LightVm.Devd;

/// <summary>
/// The baseline for the benchmark: the same steps as <see cref="NetlinkNicPlugger"/>, one `ip` process per
/// rtnetlink request, the way hotplug scripts do it. Guest-side steps run as `nsenter --net=PATH ip ...`; the
/// bridge port flag "isolated" is set with iproute2's `bridge link set dev HOST isolated on`.
/// Not for production use.
/// </summary>
public sealed class IpCommandNicPlugger : INicPlugger
{
    private readonly string _ip;
    private readonly string _nsenter;
    private readonly string _bridge;
    private readonly TimeSpan _commandTimeout;

    public IpCommandNicPlugger()
        : this("ip", "nsenter", TimeSpan.FromSeconds(10))
    {
    }

    public IpCommandNicPlugger(string ip, string nsenter, TimeSpan commandTimeout)
        : this(ip, nsenter, "bridge", commandTimeout)
    {
    }

    public IpCommandNicPlugger(string ip, string nsenter, string bridge, TimeSpan commandTimeout)
    {
        _ip = ip;
        _nsenter = nsenter;
        _bridge = bridge;
        _commandTimeout = commandTimeout;
    }

    public async Task<PluggedNic> PlugAsync(NicRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var path = request.ResolvedNetnsPath;
        var target = IpNetnsArgument(request);
        using (var netns = NetworkNamespace.Open(path, $"plug {request.HostName}: open the target network namespace {path}"))
        {
            if (NetworkNamespace.Identify(netns, "stat " + path) == NetworkNamespace.Current())
            {
                throw new ArgumentException($"NicRequest targets the caller's own network namespace ({path}).", nameof(request));
            }
        }

        await IpAsync(["link", "add", request.HostName, "type", "veth", "peer", "name", request.GuestName, "address", MacAddresses.Format(request.Mac), "netns", target], ct).ConfigureAwait(false);
        try
        {
            await GuestIpAsync(path, ["link", "set", "dev", "lo", "up"], ct).ConfigureAwait(false);
            await GuestIpAsync(path, ["addr", "add", $"{request.Address}/{request.PrefixLength}", "brd", "+", "dev", request.GuestName], ct).ConfigureAwait(false);
            await GuestIpAsync(path, ["link", "set", "dev", request.GuestName, "up"], ct).ConfigureAwait(false);
            if (request.Gateway is { } gateway)
            {
                await GuestIpAsync(path, ["route", "add", "default", "via", gateway.ToString(), "dev", request.GuestName], ct).ConfigureAwait(false);
            }

            if (request.Isolated)
            {
                // Attach while down, isolate, then bring up: the port never forwards before it is isolated.
                await IpAsync(["link", "set", "dev", request.HostName, "master", request.Bridge], ct).ConfigureAwait(false);
                await CheckedAsync(_bridge, ["link", "set", "dev", request.HostName, "isolated", "on"], ct).ConfigureAwait(false);
                await IpAsync(["link", "set", "dev", request.HostName, "up"], ct).ConfigureAwait(false);
            }
            else
            {
                await IpAsync(["link", "set", "dev", request.HostName, "master", request.Bridge, "up"], ct).ConfigureAwait(false);
            }
        }
        catch
        {
            await RunAsync(_ip, ["link", "del", "dev", request.HostName], CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return new PluggedNic(request.HostName, request.GuestName, request.Bridge, request.Address, request.Isolated);
    }

    public async Task UnplugAsync(PluggedNic nic, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nic);
        InterfaceName.Validate(nic.HostName, "PluggedNic.HostName", nameof(nic));
        var result = await RunAsync(_ip, ["link", "del", "dev", nic.HostName, "type", "veth"], ct).ConfigureAwait(false);
        if (result.ExitCode != 0 && !result.StandardError.Contains("Cannot find device", StringComparison.Ordinal))
        {
            throw Failure(_ip, ["link", "del", "dev", nic.HostName, "type", "veth"], result);
        }
    }

    public async Task EnsureBridgeAsync(string bridge, IPAddress hostAddress, byte prefixLength, CancellationToken ct)
    {
        InterfaceName.Validate(bridge, "Bridge name", nameof(bridge));
        ArgumentNullException.ThrowIfNull(hostAddress);
        if (!Ipv4.IsIPv4(hostAddress) || prefixLength is < 1 or > 32)
        {
            throw new ArgumentException($"Bridge address {hostAddress}/{prefixLength} is not an IPv4 address with a prefix of 1-32.", nameof(hostAddress));
        }

        var show = await RunAsync(_ip, ["-j", "-d", "addr", "show", "dev", bridge], ct).ConfigureAwait(false);
        if (show.ExitCode != 0)
        {
            var add = await RunAsync(_ip, ["link", "add", bridge, "type", "bridge"], ct).ConfigureAwait(false);
            if (add.ExitCode != 0 && !add.StandardError.Contains("File exists", StringComparison.Ordinal))
            {
                throw Failure(_ip, ["link", "add", bridge, "type", "bridge"], add);
            }

            show = await IpAsync(["-j", "-d", "addr", "show", "dev", bridge], ct).ConfigureAwait(false);
        }

        using var json = JsonDocument.Parse(show.StandardOutput);
        var link = json.RootElement[0];
        var kind = link.TryGetProperty("linkinfo", out var info) && info.TryGetProperty("info_kind", out var k) ? k.GetString() : null;
        if (kind != "bridge")
        {
            throw new InvalidOperationException($"Devd: '{bridge}' exists but is a {kind ?? "plain"} link, not a bridge.");
        }

        var hasAddress = link.TryGetProperty("addr_info", out var addresses) && addresses.EnumerateArray().Any(a =>
            a.GetProperty("family").GetString() == "inet"
            && a.GetProperty("local").GetString() == hostAddress.ToString()
            && a.GetProperty("prefixlen").GetInt32() == prefixLength);
        if (!hasAddress)
        {
            await IpAsync(["addr", "add", $"{hostAddress}/{prefixLength}", "brd", "+", "dev", bridge], ct).ConfigureAwait(false);
        }

        await IpAsync(["link", "set", "dev", bridge, "up"], ct).ConfigureAwait(false);
    }

    /// <summary>`ip link ... netns X` takes a pid or a /run/netns name, not an arbitrary path.</summary>
    private static string IpNetnsArgument(NicRequest request)
    {
        if (request.NetnsPid > 0)
        {
            return request.NetnsPid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var parts = request.NetnsPath!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts is ["proc", var pid, "ns", "net"] && int.TryParse(pid, out _))
        {
            return pid;
        }

        if (parts is ["run", "netns", var name])
        {
            return name;
        }

        throw new NotSupportedException($"IpCommandNicPlugger supports NetnsPid, /proc/<pid>/ns/net or /run/netns/<name>, not '{request.NetnsPath}'.");
    }

    private Task<CommandResult> GuestIpAsync(string netnsPath, IReadOnlyList<string> arguments, CancellationToken ct) =>
        CheckedAsync(_nsenter, [$"--net={netnsPath}", _ip, .. arguments], ct);

    private Task<CommandResult> IpAsync(IReadOnlyList<string> arguments, CancellationToken ct) => CheckedAsync(_ip, arguments, ct);

    private async Task<CommandResult> CheckedAsync(string file, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var result = await RunAsync(file, arguments, ct).ConfigureAwait(false);
        return result.ExitCode == 0 ? result : throw Failure(file, arguments, result);
    }

    private Task<CommandResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken ct) =>
        CommandRunner.RunAsync(file, arguments, _commandTimeout, ct);

    private static InvalidOperationException Failure(string file, IReadOnlyList<string> arguments, CommandResult result) =>
        new($"Devd: `{CommandRunner.Describe(file, arguments)}` failed with exit code {result.ExitCode}: {result.StandardError}");
}
