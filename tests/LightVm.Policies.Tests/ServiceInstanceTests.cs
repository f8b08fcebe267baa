namespace LightVm.Policies.Tests;

public sealed class ServiceInstanceTests
{
    private static readonly ServicePolicy Shared = Make("hello", InstancePer.Service);
    private static readonly ServicePolicy PerHost = Make("fn", InstancePer.Host);
    private readonly PolicySet _set = new([Shared, PerHost]);

    [Fact]
    public void TryResolve_ServiceName_ReturnsItsPolicy()
    {
        Assert.True(ServiceInstance.TryResolve(_set, "fn", out var policy));
        Assert.Same(PerHost, policy);
    }

    [Fact]
    public void TryResolve_InstanceOfPerHostService_ReturnsThatPolicy()
    {
        Assert.True(ServiceInstance.TryResolve(_set, "alice.fn", out var policy));
        Assert.Same(PerHost, policy);
    }

    [Fact]
    public void TryResolve_InstanceOfSharedService_IsUnknown()
    {
        Assert.False(ServiceInstance.TryResolve(_set, "alice.hello", out _));
    }

    [Theory]
    [InlineData("a.b.fn")]
    [InlineData(".fn")]
    [InlineData("-x.fn")]
    [InlineData("alice.nope")]
    public void TryResolve_NotAnInstanceKey_IsUnknown(string key)
    {
        Assert.False(ServiceInstance.TryResolve(_set, key, out _));
    }

    [Fact]
    public void Key_PerHostService_IsLowerCaseLabelDotService()
    {
        Assert.Equal("alice.fn", ServiceInstance.Key(PerHost, "Alice"));
        Assert.Equal("hello", ServiceInstance.Key(Shared, "alice"));
    }

    private static ServicePolicy Make(string name, InstancePer per) => new()
    {
        Name = name,
        Image = "/bin/true",
        Driver = "process",
        Port = 8080,
        Pool = 0,
        PauseAfter = TimeSpan.FromSeconds(30),
        DestroyAfter = TimeSpan.FromMinutes(5),
        StartTimeout = TimeSpan.FromSeconds(10),
        MaxHeld = 10,
        InstancePer = per,
    };
}
