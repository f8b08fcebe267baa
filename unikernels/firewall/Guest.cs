using System.Net.Sockets;
using LightVm.Firewall;
using LightVm.Guest;
using LightVm.Noxs;

namespace LightVm.FirewallGuest;

/// <summary>
/// The guest's life: wait for the host's go, read the page (rules that do not parse: exit 2), listen, serve until
/// the host goes away or a newer page asks for poweroff. A newer page with other rules replaces them for new flows.
/// </summary>
public static class Guest
{
    public const int ExitHostGone = 0;
    public const int ExitPoweroff = 0;
    public const int ExitCannotStart = 2;

    public static async Task<int> RunAsync(string[] args, string? environmentPage)
    {
        ProxyServer server;
        ProxyPolicy policy;
        GuestOptions options;
        DevicePage page;
        try
        {
            options = GuestOptions.Parse(args, environmentPage);
            Prewarm.Run();
            var link = HostLink.FromStandardInput();
            if (!link.WaitForGo())
            {
                return ExitHostGone;
            }

            // The config channel: the device page (noxs) by default; the metadata store when the host says so.
            var metadata = Environment.GetEnvironmentVariable(MetadataClient.Variable);
            page = string.IsNullOrEmpty(metadata) ? GuestSettings.ReadPage(options.PagePath) : FetchPage(metadata);
            var settings = GuestSettings.FromPage(page);
            policy = new ProxyPolicy(settings.User, settings.Rules);
            server = Bind(settings, policy);
            FlowLog.Flow(
                $"firewall: guest {settings.GuestId} service {settings.Service} user {policy.User} listening on {settings.Address}:{settings.Port}"
                + $" ({Describe(settings.Rules)})");
            link.WatchForHostExit(() => Environment.Exit(ExitHostGone));
        }
        catch (GuestStartupException ex)
        {
            await Console.Error.WriteLineAsync($"firewall: {ex.Message}");
            return ExitCannotStart;
        }

        // Serving already: watching the page for updates is off the cold-start path.
        using (server)
        using (var watcher = new DevicePageWatcher(options.PagePath, page))
        using (new SysctlHandler(watcher, newer => PowerOff(server, newer)))
        {
            watcher.Changed += newer => Reload(policy, newer);
            watcher.Start();
            await server.RunAsync();
        }

        return ExitPoweroff;
    }

    private static string Describe(RuleSet rules) =>
        $"{rules.Rules.Count} rule{(rules.Rules.Count == 1 ? string.Empty : "s")}, default {(rules.Default == FirewallAction.Allow ? "allow" : "deny")}";

    /// <summary>A newer page's rules apply to flows that start after it; rules that do not parse are said and ignored.</summary>
    private static void Reload(ProxyPolicy policy, DevicePage page)
    {
        if (page.Sysctl == SysctlRequest.Poweroff)
        {
            return;
        }

        try
        {
            var rules = GuestSettings.ParseRules(page);
            policy.Rules = rules;
            FlowLog.Flow($"firewall: rules of generation {page.Generation} in force ({Describe(rules)})");
        }
        catch (GuestStartupException ex)
        {
            FlowLog.Problem($"firewall: generation {page.Generation} ignored, the rules in force stay: {ex.Message}");
        }
    }

    private static DevicePage FetchPage(string metadata)
    {
        try
        {
            return MetadataClient.FetchPage(new Uri(metadata), TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is DevicePageFormatException or SocketException or UriFormatException or IOException)
        {
            throw new GuestStartupException($"Cannot fetch the device page from {metadata}: {ex.Message}", ex);
        }
    }

    /// <summary>Says so, then closes the listener: <see cref="ProxyServer.RunAsync"/> returns and the process exits 0.</summary>
    private static void PowerOff(ProxyServer server, DevicePage page)
    {
        FlowLog.Flow($"firewall: poweroff requested by host (generation {page.Generation})");
        server.Dispose();
    }

    private static ProxyServer Bind(GuestSettings settings, ProxyPolicy policy)
    {
        try
        {
            return ProxyServer.Start(settings.Address, settings.Port, policy);
        }
        catch (SocketException ex)
        {
            throw new GuestStartupException($"Cannot listen on {settings.Address}:{settings.Port}: {ex.Message}", ex);
        }
    }
}
