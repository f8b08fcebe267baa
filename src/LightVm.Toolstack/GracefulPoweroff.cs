using LightVm.Noxs;

namespace LightVm.Toolstack;

/// <summary>
/// Asks a running guest to stop by itself, the noxs way: a new generation of its device page with the
/// sysctl word set to poweroff. Drivers try this before they force a guest down.
/// </summary>
internal static class GracefulPoweroff
{
    /// <summary>True when the guest ended within <paramref name="grace"/>; false when it was not asked or did not.</summary>
    public static async Task<bool> TryAsync(Shell shell, string pagePath, TimeSpan grace, TimeProvider time)
    {
        if (shell.Page is not { } page || shell.HasExited || shell.IsPaused || grace <= TimeSpan.Zero)
        {
            return shell.HasExited;
        }

        try
        {
            var poweroff = page with { Generation = page.Generation + 1, Sysctl = SysctlRequest.Poweroff };
            DevicePageWriter.WriteFile(pagePath, poweroff);
            shell.Page = poweroff;
            await shell.Exited.WaitAsync(grace, time).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
