namespace LightVm.Toolstack.Tests.Drivers;

/// <summary>
/// The VM driver suites (uml, qemu) run one after the other, not side by side: each boots real kernels, and on a
/// 2-core host two suites booting at once starve each other's guests past the readiness timeout.
/// </summary>
[CollectionDefinition(Name)]
public sealed class VmDriverCollection
{
    public const string Name = "VM drivers";
}
