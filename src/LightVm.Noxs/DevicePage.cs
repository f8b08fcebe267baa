namespace LightVm.Noxs;

/// <summary>
/// What the host tells one guest, written once per generation into the guest's device page (noxs).
/// The guest reads it; nothing flows back.
/// </summary>
public sealed record DevicePage
{
    /// <summary>Bumped by the host on each rewrite so the guest can see that something changed.</summary>
    public required ulong Generation { get; init; }

    public required Guid GuestId { get; init; }

    public required string Service { get; init; }

    public NicDevice? Nic { get; init; }

    public ConsoleDevice? Console { get; init; }

    public SysctlRequest Sysctl { get; init; } = SysctlRequest.None;

    /// <summary>The service's config blob: what the application needs (port, ...), as key/value pairs.</summary>
    public IReadOnlyDictionary<string, string> Config { get; init; } = new Dictionary<string, string>();
}
