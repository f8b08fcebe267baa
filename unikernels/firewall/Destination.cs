using System.Net;

namespace LightVm.FirewallGuest;

/// <summary>A resolved destination.</summary>
/// <param name="RuleHost">The host text the rules see: the name as written, or the canonical IP literal.</param>
/// <param name="Address">The one address to connect to; null when the name did not resolve.</param>
/// <param name="Error">Why there is no address, for the 502 answer; null when there is one or the name was not looked up.</param>
public sealed record Destination(string RuleHost, IPAddress? Address, string? Error)
{
    /// <summary>A name that was not looked up yet (the rules could decide without its address).</summary>
    public bool NeedsLookup => Address is null && Error is null;
}
