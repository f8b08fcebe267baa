namespace LightVm.Toolstack.Drivers.Process;

public sealed class ProcessDriverOptions
{
    /// <summary>Where each guest gets a folder for its device page and console log. Memory-backed by default.</summary>
    public string StateDirectory { get; set; } = DefaultStateDirectory();

    public static string DefaultStateDirectory() =>
        Directory.Exists("/run") && Environment.UserName == "root"
            ? "/run/lightvm/guests"
            : Path.Combine(Path.GetTempPath(), "lightvm", "guests");
}
