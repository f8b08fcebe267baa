namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>How QEMU runs guest code on this host: hardware virtualization (KVM) or QEMU's translator (TCG).</summary>
public enum QemuAccelerator
{
    Tcg,
    Kvm,
}
