namespace LightVm.Tinyx.Tests.Support;

/// <summary>A fact that needs root (chroot, mounts). Skipped otherwise.</summary>
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "Needs root (chroot into the built rootfs).";
        }
    }
}
