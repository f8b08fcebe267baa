using System.Net;
using LightVm.Firewall;
using LightVm.Guest.Hosting;
using LightVm.Noxs;

namespace LightVm.FirewallGuest;

/// <summary>
/// What the guest takes from its device page (<see cref="PageKeys"/>): <see cref="PageKeys.Port"/> (listen port,
/// required), <see cref="PageKeys.Rules"/> (the rules text, one rule per line: the page carries multi-line values,
/// docs/noxs.md; required, may be empty: deny all), <see cref="PageKeys.User"/> (whose firewall this is, for log
/// lines and the proxy's own answers; optional) and <see cref="PageKeys.Service"/> (else the page's service). It
/// listens on the page's NIC address, else on loopback.
/// </summary>
public sealed record GuestSettings(Guid GuestId, string Service, string User, ulong Generation, IPAddress Address, int Port, RuleSet Rules)
{
    /// <summary>The user named when the page names none.</summary>
    public const string AnonymousUser = "anonymous";

    /// <summary>Checks the page; every failure becomes a <see cref="GuestStartupException"/> with a clear message.</summary>
    public static GuestSettings FromPage(DevicePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var port = PageConfig.Port(page);
        var rules = ParseRules(page);
        var user = page.Config.TryGetValue(PageKeys.User, out var named) && !string.IsNullOrWhiteSpace(named) ? HeaderText.Clean(named.Trim()) : AnonymousUser;
        var service = page.Config.TryGetValue(PageKeys.Service, out var configured) && !string.IsNullOrWhiteSpace(configured) ? configured : page.Service;
        var address = page.Nic?.Address ?? IPAddress.Loopback;
        return new GuestSettings(page.GuestId, service, user, page.Generation, address, port, rules);
    }

    /// <summary>The page's rules; a missing key or a text that does not parse becomes a <see cref="GuestStartupException"/>.</summary>
    public static RuleSet ParseRules(DevicePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!page.Config.TryGetValue(PageKeys.Rules, out var text))
        {
            throw new GuestStartupException($"The device page has no '{PageKeys.Rules}' in its config (an empty text denies everything).");
        }

        if (!RuleParser.TryParse(text, out var rules, out var errors))
        {
            throw new GuestStartupException($"The device page's '{PageKeys.Rules}' do not parse: " + new RuleSyntaxException(errors).Message);
        }

        return rules;
    }
}
