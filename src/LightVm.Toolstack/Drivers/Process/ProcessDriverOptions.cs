namespace LightVm.Toolstack.Drivers.Process;

public sealed class ProcessDriverOptions
{
    /// <summary>
    /// Where each guest gets a folder for its device page and console log. Memory-backed by default
    /// (/dev/shm is tmpfs on every Linux host; /run is not always: on these machines it is on disk), because
    /// writing the page is on the request path.
    /// </summary>
    public string StateDirectory { get; set; } = DefaultStateDirectory();

    /// <summary>How long destroy waits for a running guest to power off by itself (page sysctl) before killing it.</summary>
    public TimeSpan PoweroffGrace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The nice value of a shell prepared in the background (<see cref="ShellSpec.Background"/>) until it is executed: the pool's refills (a guest's start-up and warm-up
    /// work) then yield the CPU to guests on the request path, which get normal priority back at execute. Only
    /// where the agent may raise priorities again (root); 0 keeps shells at normal priority.
    /// </summary>
    public int PrepareNice { get; set; } = 10;

    /// <summary>
    /// How long prepare waits for the guest to say it waits for "go" (<c>GuestLink.WaitingLine</c>, LightVm.Noxs). A guest that
    /// does not say it (an image that does not use the guest library) is taken as prepared once this has passed.
    /// </summary>
    public TimeSpan WaitingTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public static string DefaultStateDirectory() =>
        Directory.Exists("/dev/shm")
            ? $"/dev/shm/lightvm-{Environment.UserName}/guests"
            : Path.Combine(Path.GetTempPath(), "lightvm", "guests");
}
