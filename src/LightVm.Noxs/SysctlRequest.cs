namespace LightVm.Noxs;

/// <summary>The sysctl word: a request from the host that the guest acts on when it sees a new generation.</summary>
public enum SysctlRequest : uint
{
    None = 0,
    Poweroff = 1,
    Suspend = 2,
}
