namespace LightVm.Policies;

/// <summary>An operator's policy for one service: what to run, on which driver, and how long it may idle.</summary>
public sealed record ServicePolicy
{
    public required string Name { get; init; }

    /// <summary>Absolute path of the guest image (for the process driver: the guest binary).</summary>
    public required string Image { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public required string Driver { get; init; }

    /// <summary>The port the application listens on inside its guest.</summary>
    public required int Port { get; init; }

    /// <summary>Shells to keep prepared ahead of demand.</summary>
    public required int Pool { get; init; }

    public required TimeSpan PauseAfter { get; init; }

    public required TimeSpan DestroyAfter { get; init; }

    public required TimeSpan StartTimeout { get; init; }

    /// <summary>Requests held for this service while its guest starts; more get 503.</summary>
    public required int MaxHeld { get; init; }

    /// <summary>How the guest gets its configuration: "page" (noxs device page) or "store" (metadata service, the baseline).</summary>
    public string ConfigChannel { get; init; } = "page";

    /// <summary>"isolated" (default): the guest's NIC cannot reach other guests; "shared": guests of the bridge reach each other.</summary>
    public string Network { get; init; } = "isolated";

    /// <summary>One guest for the service (default), or one per distinct host name (<c>&lt;name&gt;.&lt;service&gt;.&lt;suffix&gt;</c>).</summary>
    public InstancePer InstancePer { get; init; } = InstancePer.Service;

    /// <summary>For <c>instancePer: user</c>: the users of the proxy front, their tokens and rules.</summary>
    public IReadOnlyList<ProxyUser> Users { get; init; } = [];

    /// <summary>Firewall rules for users that have none of their own.</summary>
    public PolicyRules Rules { get; init; } = PolicyRules.None;

    /// <summary>For a TLS service: the SNI host names it terminates, one guest each, with their certificates.</summary>
    public IReadOnlyList<TlsHost> Hosts { get; init; } = [];

    /// <summary>A TLS guest's backend (<c>host:port</c>, plain TCP) to relay the decrypted stream to; none = it answers itself.</summary>
    public string? Backend { get; init; }

    /// <summary>The file this policy came from, for messages.</summary>
    public string? SourceFile { get; init; }
}
