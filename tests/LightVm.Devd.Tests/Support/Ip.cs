using System.Text.Json;

namespace LightVm.Devd.Tests.Support;

/// <summary>Verification through iproute2's JSON output (tests only; the library never runs `ip` on its request path).</summary>
internal static class Ip
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>`ip -j -d addr show dev NAME` (inside a netns when <paramref name="netnsPath"/> is set); null if missing.</summary>
    public static async Task<JsonElement?> LinkAsync(string name, string? netnsPath = null)
    {
        var result = await RunAsync(netnsPath, ["-j", "-d", "addr", "show", "dev", name]);
        if (result.ExitCode != 0)
        {
            return null;
        }

        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.GetArrayLength() == 0 ? null : json.RootElement[0].Clone();
    }

    /// <summary>`bridge -j -d link show dev NAME` (inside a netns when <paramref name="netnsPath"/> is set); null if not a bridge port.</summary>
    public static async Task<JsonElement?> BridgePortAsync(string name, string? netnsPath = null)
    {
        string[] arguments = ["-j", "-d", "link", "show", "dev", name];
        var result = netnsPath is null
            ? await CommandRunner.RunAsync("bridge", arguments, Timeout, CancellationToken.None)
            : await CommandRunner.RunAsync("nsenter", [$"--net={netnsPath}", "bridge", .. arguments], Timeout, CancellationToken.None);
        Assert.True(result.ExitCode == 0, $"bridge link show dev {name} failed: {result.StandardError}");
        using var json = JsonDocument.Parse(string.IsNullOrEmpty(result.StandardOutput) ? "[]" : result.StandardOutput);
        return json.RootElement.GetArrayLength() == 0 ? null : json.RootElement[0].Clone();
    }

    public static async Task<JsonElement[]> RoutesAsync(string netnsPath)
    {
        var result = await RunAsync(netnsPath, ["-j", "-4", "route", "show"]);
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    public static async Task<string[]> HostLinkNamesAsync()
    {
        var result = await RunAsync(null, ["-j", "link", "show"]);
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        return [.. json.RootElement.EnumerateArray().Select(e => e.GetProperty("ifname").GetString()!)];
    }

    public static bool HasFlag(JsonElement link, string flag) =>
        link.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == flag);

    public static IEnumerable<(string Local, int PrefixLength)> IPv4Addresses(JsonElement link) =>
        link.TryGetProperty("addr_info", out var addresses)
            ? addresses.EnumerateArray()
                .Where(a => a.GetProperty("family").GetString() == "inet")
                .Select(a => (a.GetProperty("local").GetString()!, a.GetProperty("prefixlen").GetInt32()))
            : [];

    /// <summary>The host's neighbour entry for an address on a link, as `ip neigh show` prints it (empty: none).</summary>
    public static async Task<string> NeighbourAsync(string link, System.Net.IPAddress address) =>
        (await RunAsync(null, ["neigh", "show", address.ToString(), "dev", link])).StandardOutput.Trim();

    /// <summary>Deletes a host link; used in cleanup only, ignores "not found".</summary>
    public static Task DeleteLinkAsync(string name) => RunAsync(null, ["link", "del", "dev", name]);

    private static Task<CommandResult> RunAsync(string? netnsPath, string[] arguments) =>
        netnsPath is null
            ? CommandRunner.RunAsync("ip", arguments, Timeout, CancellationToken.None)
            : CommandRunner.RunAsync("nsenter", [$"--net={netnsPath}", "ip", .. arguments], Timeout, CancellationToken.None);
}
