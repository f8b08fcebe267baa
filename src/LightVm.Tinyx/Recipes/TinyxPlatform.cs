namespace LightVm.Tinyx.Recipes;

/// <summary>Where an image runs: a QEMU microvm (bzImage + initramfs), user-mode Linux (linux + initramfs) or an OCI runtime (rootfs).</summary>
public enum TinyxPlatform
{
    Qemu,
    Uml,
    Oci,
}
