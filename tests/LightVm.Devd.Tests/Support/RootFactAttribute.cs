namespace LightVm.Devd.Tests.Support;

/// <summary>A fact that needs root: real netlink, network namespaces, bridges. Skipped otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess || !OperatingSystem.IsLinux())
        {
            Skip = "Needs root on Linux (real rtnetlink, network namespaces and bridges).";
        }
    }
}
