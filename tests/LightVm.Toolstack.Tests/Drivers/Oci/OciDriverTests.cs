using System.Runtime.Versioning;

namespace LightVm.Toolstack.Tests.Drivers.Oci;

/// <summary>The pre-booted form: the container runs at prepare; execute is a page write and a wake-up.</summary>
[SupportedOSPlatform("linux")]
public sealed class OciDriverTests : OciConformanceTests
{
    protected override bool Preboot => true;
}
