namespace LightVm.Guest.Init.Linux;

/// <summary>Ends the VM. UML halts on power-off; QEMU microvm without ACPI cannot, so a restart (with QEMU's
/// <c>-no-reboot</c>) follows as the fallback, which QEMU treats as an exit.</summary>
internal static class Power
{
    public static void Off()
    {
        Libc.Sync();
        if (Libc.GetPid() != 1)
        {
            // Not the init of a VM (a test run): power-off is the caller's exit.
            return;
        }

        Libc.Reboot(Libc.RebootPowerOff);
        Libc.Reboot(Libc.RebootRestart);
    }
}
