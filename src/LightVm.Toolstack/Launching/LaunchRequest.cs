using LightVm.Noxs;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Toolstack.Launching;

/// <summary>What to launch: the shell to use, the page to give the guest, and how long it may take to answer.</summary>
public sealed record LaunchRequest
{
    /// <summary>The service's shell: taken from the launcher's pool, or prepared cold.</summary>
    public required ShellSpec Spec { get; init; }

    /// <summary>
    /// Builds the guest's device page (its id is its shell's; its NIC is <see cref="GuestNic.For"/>). Called once the
    /// guest exists, inside the execute phase; an exception it throws fails the launch as a <see cref="GuestStartException"/>.
    /// </summary>
    public required Func<Guest, DevicePage> Page { get; init; }

    /// <summary>How long from the launch's start the guest may take to answer its readiness probe.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>The instance key the guest serves (<c>&lt;label&gt;.&lt;service&gt;</c>); null for the service's only guest.</summary>
    public string? Instance { get; init; }

    /// <summary>A shell prepared already (e.g. restored from a snapshot): launched instead of taking one.</summary>
    public Shell? Prepared { get; init; }

    /// <summary>With a pool: how long a cold create may wait for a cold slot (see <c>ShellPool.TakeAsync</c>); null waits.</summary>
    public TimeSpan? ColdWait { get; init; }

    /// <summary>Called once the guest exists, before it executes (the agent registers it and watches it die).</summary>
    public Action<Guest>? Created { get; init; }
}
