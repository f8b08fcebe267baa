using System.ComponentModel.DataAnnotations;

namespace LightVm.Toolstack.Drivers.Process;

/// <summary>The process driver's options (configuration section <c>LightVm:Drivers:Process</c>).</summary>
public sealed class ProcessDriverOptions
{
    public const string SectionName = "LightVm:Drivers:Process";

    /// <summary>
    /// Where each guest gets a folder for its device page and console log. Memory-backed by default
    /// (/dev/shm is tmpfs on every Linux host; /run is not always: on these machines it is on disk), because
    /// writing the page is on the request path.
    /// </summary>
    [Required]
    public string StateDirectory { get; set; } = DefaultStateDirectory();

    /// <summary>How long destroy waits for a running guest to power off by itself (page sysctl) before killing it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan PoweroffGrace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The nice value of a shell prepared in the background (<see cref="ShellSpec.Background"/>) until it is executed: the pool's refills (a guest's start-up and warm-up
    /// work) then yield the CPU to guests on the request path, which get normal priority back at execute. Only
    /// where the agent may raise priorities again (root); 0 keeps shells at normal priority.
    /// </summary>
    [Range(0, 19)]
    public int PrepareNice { get; set; } = 10;

    /// <summary>
    /// How long prepare waits for the guest to say it waits for "go" (<c>GuestLink.WaitingLine</c>, LightVm.Noxs). A guest that
    /// does not say it (an image that does not use the guest library) is taken as prepared once this has passed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan WaitingTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public static string DefaultStateDirectory() =>
        Directory.Exists("/dev/shm")
            ? $"/dev/shm/lightvm-{Environment.UserName}/guests"
            : Path.Combine(Path.GetTempPath(), "lightvm", "guests");
}
