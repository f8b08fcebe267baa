namespace LightVm.Toolstack;

/// <summary>Everything a shell needs that does not depend on who the guest is for.</summary>
public sealed record ShellSpec
{
    public required string Service { get; init; }

    public required string Driver { get; init; }

    /// <summary>The image to run (for the process driver: the guest binary).</summary>
    public required string Image { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>The port the application will listen on inside the guest.</summary>
    public required int Port { get; init; }

    /// <summary>How the guest gets its configuration: the device page (noxs) or the metadata store (baseline).</summary>
    public ConfigChannel ConfigChannel { get; init; } = ConfigChannel.Page;

    /// <summary>When true (default) the guest's NIC cannot reach other guests' NICs; the host reaches every guest.</summary>
    public bool Isolated { get; init; } = true;

    /// <summary>
    /// Prepared ahead of demand (a pool refill), not for a request waiting on it: a driver may run the shell's
    /// start-up at low priority until execute, so refills yield the CPU to guests on the request path.
    /// </summary>
    public bool Background { get; init; }
}
