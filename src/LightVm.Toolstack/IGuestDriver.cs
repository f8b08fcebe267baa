using LightVm.Noxs;

namespace LightVm.Toolstack;

/// <summary>
/// A guest backend, split the chaos way: <see cref="PrepareAsync"/> does everything that does not depend
/// on who the guest is for (off the request path); <see cref="ExecuteAsync"/> is the only per-guest work.
/// </summary>
public interface IGuestDriver
{
    string Name { get; }

    DriverCapabilities Capabilities { get; }

    Task<Shell> PrepareAsync(ShellSpec spec, CancellationToken cancellationToken);

    /// <summary>Writes the device page and releases the guest. Readiness is probed by the caller.</summary>
    Task ExecuteAsync(Shell shell, DevicePage page, CancellationToken cancellationToken);

    Task PauseAsync(Shell shell, CancellationToken cancellationToken);

    Task ResumeAsync(Shell shell, CancellationToken cancellationToken);

    /// <summary>Frees everything the shell holds. Safe to call more than once and on a dead shell.</summary>
    Task DestroyAsync(Shell shell, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a paused guest's whole state to <paramref name="path"/> and frees the guest (drivers with
    /// <see cref="DriverCapabilities.SaveRestore"/> only; the others refuse, saying so).
    /// </summary>
    Task SaveAsync(Shell shell, string path, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Driver '{Name}' cannot save guests (capabilities: {Capabilities}).");

    /// <summary>A running guest again from a file written by <see cref="SaveAsync"/> (drivers with save/restore only).</summary>
    Task<Shell> RestoreAsync(ShellSpec spec, string path, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Driver '{Name}' cannot restore guests (capabilities: {Capabilities}).");
}
