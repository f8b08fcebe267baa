using System.Net;
using System.Text;
using LightVm.Firewall;
using LightVm.Guest.Hosting;
using LightVm.Noxs;

namespace LightVm.FirewallGuest;

/// <summary>
/// The firewall's own part of the guest's life (the rest is <see cref="GuestHost"/>'s): read the page (rules that do
/// not parse: exit 2), listen, serve. A newer page with other rules replaces them for new flows.
/// </summary>
public sealed class FirewallApp : GuestApp
{
    public const string AppName = "firewall";

    private static readonly byte[] PrewarmRequest = Encoding.ASCII.GetBytes("CONNECT prewarm.invalid:443 HTTP/1.1\r\nHost: prewarm.invalid:443\r\n\r\n");

    private ProxyPolicy? _policy;

    public FirewallApp()
        : base(AppName)
    {
    }

    /// <summary>
    /// One refused CONNECT through a real proxy on a throw-away loopback port touches the socket stack, thread pool,
    /// async machinery, request parser, rule parser and evaluator, and the answers. Nothing is logged (a quiet policy).
    /// </summary>
    public override void Prewarm() =>
        GuestPrewarm.RoundTrip(
            () =>
            {
                var policy = new ProxyPolicy("prewarm", RuleParser.Parse("deny host *.invalid port 1-65535\ndefault deny")) { Quiet = true };
                return ProxyServer.Start(IPAddress.Loopback, 0, policy);
            },
            PrewarmRequest);

    public override IGuestServer Start(DevicePage page)
    {
        var settings = GuestSettings.FromPage(page);
        var policy = new ProxyPolicy(settings.User, settings.Rules);
        var server = GuestHost.Listen(settings.Address, settings.Port, () => ProxyServer.Start(settings.Address, settings.Port, policy));
        _policy = policy;
        GuestConsole.Say(
            $"{AppName}: guest {settings.GuestId} service {settings.Service} user {policy.User} listening on {settings.Address}:{settings.Port}"
            + $" ({Describe(settings.Rules)})");
        return server;
    }

    /// <summary>A newer page's rules apply to flows that start after it; rules that do not parse are said and ignored.</summary>
    public override void PageChanged(DevicePage page)
    {
        if (page.Sysctl == SysctlRequest.Poweroff || _policy is not { } policy)
        {
            return;
        }

        try
        {
            var rules = GuestSettings.ParseRules(page);
            policy.Rules = rules;
            GuestConsole.Say($"{AppName}: rules of generation {page.Generation} in force ({Describe(rules)})");
        }
        catch (GuestStartupException ex)
        {
            GuestConsole.Problem($"{AppName}: generation {page.Generation} ignored, the rules in force stay: {ex.Message}");
        }
    }

    private static string Describe(RuleSet rules) =>
        $"{rules.Rules.Count} rule{(rules.Rules.Count == 1 ? string.Empty : "s")}, default {(rules.Default == FirewallAction.Allow ? "allow" : "deny")}";
}
