namespace LightVm.Firewall.Tests;

public sealed class PortRangeTests
{
    [Theory]
    [InlineData(99, false)]
    [InlineData(100, true)]
    [InlineData(150, true)]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void Contains_PortAgainstRange_InclusiveBounds(int port, bool expected)
    {
        Assert.Equal(expected, new PortRange(100, 200).Contains(port));
    }
}
