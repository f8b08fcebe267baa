namespace LightVm.Noxs;

/// <summary>Where the guest's console goes (a host-side path such as a log file).</summary>
public sealed record ConsoleDevice(string Path);
