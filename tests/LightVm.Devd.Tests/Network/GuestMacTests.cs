using LightVm.Devd.Network;

namespace LightVm.Devd.Tests.Network;

public sealed class GuestMacTests
{
    private static readonly Guid Id = new([0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f]);

    [Fact]
    public void For_Id_LocallyAdministeredUnicastFromTheIdsFirstFiveBytes()
    {
        Assert.Equal([0x02, 0x10, 0x11, 0x12, 0x13, 0x14], GuestMac.For(Id));
    }

    [Fact]
    public void Veth_Id_Tagged4c()
    {
        Assert.Equal([0x02, 0x4c, 0x10, 0x11, 0x12, 0x13], GuestMac.Veth(Id));
    }

    [Fact]
    public void Uml_Id_Tagged4d()
    {
        Assert.Equal([0x02, 0x4d, 0x10, 0x11, 0x12, 0x13], GuestMac.Uml(Id));
    }
}
