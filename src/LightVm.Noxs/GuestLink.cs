namespace LightVm.Noxs;

/// <summary>
/// The two lines of the standard-stream link between a noxs app and whoever started it (the host's process
/// driver, or the guest init inside a VM): the app says <see cref="WaitingLine"/> on its stdout once it has
/// started and warmed up, and waits for <see cref="Go"/> on its stdin, which means its device page is written.
/// </summary>
public static class GuestLink
{
    public const string WaitingLine = "lightvm-guest: waiting for go";

    public const string Go = "go";
}
