using System.Text;

namespace LightVm.Noxs.Tests;

public sealed class Crc32Tests
{
    [Fact]
    public void Compute_CheckString_ReturnsStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Compute_Empty_ReturnsZero()
    {
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void Compute_OneBitChanged_ReturnsDifferentValue()
    {
        var data = Encoding.ASCII.GetBytes("123456789");
        var before = Crc32.Compute(data);
        data[4] ^= 0x01;

        Assert.NotEqual(before, Crc32.Compute(data));
    }
}
