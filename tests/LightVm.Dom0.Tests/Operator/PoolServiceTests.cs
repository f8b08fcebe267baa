using LightVm.Contracts;
using LightVm.Testing;

namespace LightVm.Dom0.Tests.Operator;

public sealed class PoolServiceTests : IAsyncLifetime
{
    private readonly AgentFixture _host = new(TestPolicies.Make(), TestPolicies.Make("alpha"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public void Report_TwoServices_OnePoolEachByNameWithTheAgentId()
    {
        var report = _host.Pools.Report();

        Assert.Equal("test-agent", report.AgentId);
        Assert.Equal(["alpha", TestPolicies.DefaultService], report.Pools.Select(p => p.Service));
        Assert.All(report.Pools, p => Assert.Equal(0, p.Target));
    }

    [Fact]
    public void Report_Twice_ResizesNothing()
    {
        _host.Pools.Report();
        _host.Pools.Report();

        Assert.Empty(_host.Driver.Calls);
        Assert.All(_host.Pools.Report().Pools, p => Assert.Equal(0, p.Target));
    }

    [Fact]
    public async Task Resize_KnownService_SetsItsTargetFillsItAndReportsThePools()
    {
        var report = _host.Pools.Resize(new ResizePool { Service = TestPolicies.DefaultService, Target = 2 });

        Assert.Equal(2, report.Pools.Single(p => p.Service == TestPolicies.DefaultService).Target);
        Assert.Equal(0, report.Pools.Single(p => p.Service == "alpha").Target);
        await Eventually.TrueAsync(() => _host.Pool.Stats(TestPolicies.DefaultService).Ready == 2, "the pool to fill");
        Assert.Equal(2, _host.Driver.Shells.Count);
    }

    [Fact]
    public void Resize_UnknownService_ChangesNothingAndReportsThePools()
    {
        var report = _host.Pools.Resize(new ResizePool { Service = "nosuch", Target = 3 });

        Assert.Equal(2, report.Pools.Count);
        Assert.All(report.Pools, p => Assert.Equal(0, p.Target));
        Assert.Empty(_host.Driver.Calls);
    }
}
