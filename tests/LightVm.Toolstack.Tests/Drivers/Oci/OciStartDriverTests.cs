using System.Runtime.Versioning;

namespace LightVm.Toolstack.Tests.Drivers.Oci;

/// <summary>The <c>runc start</c> form: the container is created at prepare and started on execute.</summary>
[SupportedOSPlatform("linux")]
public sealed class OciStartDriverTests : OciConformanceTests
{
    protected override bool Preboot => false;
}
