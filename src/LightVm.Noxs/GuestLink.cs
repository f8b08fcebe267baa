namespace LightVm.Noxs;

/// <summary>
/// The host-guest link: the lines on the standard streams between a noxs app and whoever started it (the host's
/// process driver, or the guest init inside a VM), and the console line of the init that a VM driver waits for.
/// The app says <see cref="WaitingLine"/> on its stdout once it has started and warmed up, and waits for
/// <see cref="Go"/> on its stdin, which means its device page is written; end of its stdin means the host is gone.
/// Inside a VM, the init says <see cref="InitWaitingLine"/> once it waits for its page (and, for a noxs app, once the
/// app has said <see cref="WaitingLine"/>). The guest side is LightVm.Guest's <c>GuestLinkListener</c>; the host side
/// is LightVm.Toolstack's <c>GuestLinkRelease</c> (and the init's app runner inside a VM).
/// </summary>
public static class GuestLink
{
    /// <summary>What an app says on its stdout when it waits for <see cref="Go"/>.</summary>
    public const string WaitingLine = "lightvm-guest: waiting for go";

    /// <summary>What the host writes on the app's stdin (one line) once the page is written.</summary>
    public const string Go = "go";

    /// <summary>The prefix of every console line of the guest init.</summary>
    public const string InitPrefix = "lightvm-init: ";

    /// <summary>What the guest init says on the console when it waits for its device page (VM drivers and Tinyx's boot test wait for it).</summary>
    public const string InitWaitingLine = InitPrefix + "waiting for device page";
}
