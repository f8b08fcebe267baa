namespace LightVm.Policies;

/// <summary>
/// One user of an <c>instancePer: user</c> service (the personal firewall): the token that proves who they are
/// (HTTP proxy Basic credentials <c>name:token</c>) and the rules their own guest enforces.
/// </summary>
public sealed record ProxyUser
{
    /// <summary>The user's name: one DNS label, so that the user's guest is the instance <c>&lt;name&gt;.&lt;service&gt;</c>.</summary>
    public required string Name { get; init; }

    public required string Token { get; init; }

    /// <summary>The user's rules, or the service's default <c>rules</c> when the user has none.</summary>
    public required PolicyRules Rules { get; init; }
}
