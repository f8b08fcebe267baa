using LightVm.Dom0.Agent;
using LightVm.Testing;
using LightVm.Toolstack;

namespace LightVm.Dom0.Tests.Agent;

public sealed class ServiceShellSpecTests
{
    [Fact]
    public void For_DefaultPolicy_ShellOfTheServiceOnPageChannelIsolated()
    {
        var policy = TestPolicies.Make(args: ["--fast"], port: 9090);

        var spec = ServiceShellSpec.For(policy);

        Assert.Equal(policy.Name, spec.Service);
        Assert.Equal(policy.Driver, spec.Driver);
        Assert.Equal(policy.Image, spec.Image);
        Assert.Equal(["--fast"], spec.Args);
        Assert.Equal(9090, spec.Port);
        Assert.Equal(ConfigChannel.Page, spec.ConfigChannel);
        Assert.True(spec.Isolated);
    }

    [Fact]
    public void For_StoreChannelSharedNetwork_SpecSaysSo()
    {
        var policy = TestPolicies.Make() with { ConfigChannel = "store", Network = "shared" };

        var spec = ServiceShellSpec.For(policy);

        Assert.Equal(ConfigChannel.Store, spec.ConfigChannel);
        Assert.False(spec.Isolated);
    }
}
