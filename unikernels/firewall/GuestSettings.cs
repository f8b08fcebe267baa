using System.Globalization;
using System.Net;
using LightVm.Firewall;
using LightVm.Noxs;

namespace LightVm.FirewallGuest;

/// <summary>
/// What the guest takes from its device page. Config keys (the contract with the platform): <c>port</c> (listen
/// port, required), <c>rules</c> (the rules text, one rule per line: the page carries
/// multi-line values, docs/noxs.md; required, may be empty: deny all), <c>user</c> (whose firewall
/// this is, for log lines and the proxy's own answers; optional) and the page's service. It listens on the page's
/// NIC address, else on loopback.
/// </summary>
public sealed record GuestSettings(Guid GuestId, string Service, string User, ulong Generation, IPAddress Address, int Port, RuleSet Rules)
{
    public const string PortKey = "port";
    public const string UserKey = "user";
    public const string RulesKey = "rules";
    public const string ServiceKey = "service";

    /// <summary>The user named when the page names none.</summary>
    public const string AnonymousUser = "anonymous";

    /// <summary>Reads the page; a failure becomes a <see cref="GuestStartupException"/>.</summary>
    public static DevicePage ReadPage(string pagePath)
    {
        try
        {
            return DevicePageReader.ReadFile(pagePath);
        }
        catch (Exception ex) when (ex is DevicePageFormatException or IOException or UnauthorizedAccessException)
        {
            throw new GuestStartupException($"Cannot read the device page '{pagePath}': {ex.Message}", ex);
        }
    }

    /// <summary>Checks the page; every failure becomes a <see cref="GuestStartupException"/> with a clear message.</summary>
    public static GuestSettings FromPage(DevicePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!page.Config.TryGetValue(PortKey, out var text))
        {
            throw new GuestStartupException($"The device page has no '{PortKey}' in its config.");
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new GuestStartupException($"The device page's '{PortKey}' is '{text}', not a TCP port (1-65535).");
        }

        var rules = ParseRules(page);
        var user = page.Config.TryGetValue(UserKey, out var named) && !string.IsNullOrWhiteSpace(named) ? HeaderText.Clean(named.Trim()) : AnonymousUser;
        var service = page.Config.TryGetValue(ServiceKey, out var configured) && !string.IsNullOrWhiteSpace(configured) ? configured : page.Service;
        var address = page.Nic?.Address ?? IPAddress.Loopback;
        return new GuestSettings(page.GuestId, service, user, page.Generation, address, port, rules);
    }

    /// <summary>The page's rules; a missing key or a text that does not parse becomes a <see cref="GuestStartupException"/>.</summary>
    public static RuleSet ParseRules(DevicePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!page.Config.TryGetValue(RulesKey, out var text))
        {
            throw new GuestStartupException($"The device page has no '{RulesKey}' in its config (an empty text denies everything).");
        }

        if (!RuleParser.TryParse(text, out var rules, out var errors))
        {
            throw new GuestStartupException($"The device page's '{RulesKey}' do not parse: " + new RuleSyntaxException(errors).Message);
        }

        return rules;
    }
}
