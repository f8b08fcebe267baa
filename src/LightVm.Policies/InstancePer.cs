namespace LightVm.Policies;

/// <summary>How many guests a service gets: one for all its requests, one per distinct host name, or one per user.</summary>
public enum InstancePer
{
    /// <summary>One guest serves every request for <c>&lt;service&gt;.&lt;suffix&gt;</c> (the default).</summary>
    Service,

    /// <summary>
    /// One guest per distinct host name: <c>alice.&lt;service&gt;.&lt;suffix&gt;</c> and <c>bob.&lt;service&gt;.&lt;suffix&gt;</c>
    /// each get their own guest, named by the instance key <c>alice.&lt;service&gt;</c>.
    /// </summary>
    Host,

    /// <summary>
    /// One guest per authenticated user (the personal firewall): user <c>alice</c> of the proxy front gets the
    /// instance <c>alice.&lt;service&gt;</c>; the users and their tokens are in the policy's <c>users</c>.
    /// </summary>
    User,
}
