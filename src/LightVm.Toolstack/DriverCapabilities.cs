namespace LightVm.Toolstack;

/// <summary>What a driver can do beyond prepare/execute/destroy.</summary>
[Flags]
public enum DriverCapabilities
{
    None = 0,
    Pause = 1,
    SaveRestore = 2,
}
