namespace LightVm.Toolstack.Tests;

public sealed class HostProcessStatusTests
{
    [Fact]
    public void ResidentKib_ThisProcess_IsPositive() =>
        Assert.True(HostProcessStatus.ResidentKib(Environment.ProcessId) > 0);

    [Fact]
    public void ResidentKib_NoSuchProcess_IsZero() =>
        Assert.Equal(0, HostProcessStatus.ResidentKib(int.MaxValue));
}
