using LightVm.Devd.Netlink;
using LightVm.Devd.Tests.Support;

namespace LightVm.Devd.Tests.Netlink;

public sealed class NetworkNamespaceTests : IAsyncLifetime
{
    private readonly DevdSandbox _sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [RootFact]
    public async Task RunInsideAsync_Action_RunsOnADedicatedThreadInTheTargetNamespace()
    {
        var holder = await _sandbox.NewNetnsAsync();
        using var netns = NetworkNamespace.Open(holder.NetnsPath, "open");
        var target = NetworkNamespace.Identify(netns, "stat");
        var callerThread = Environment.CurrentManagedThreadId;

        using var seen = await NetworkNamespace.RunInsideAsync(netns, holder.NetnsPath, () => new Observation(NetworkNamespace.Current(), Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));

        Assert.Equal(target, seen.Namespace);
        Assert.NotEqual(callerThread, seen.ThreadId);
        Assert.False(seen.OnThreadPool);
        Assert.NotEqual(target, NetworkNamespace.Current());
    }

    [RootFact]
    public async Task RunInsideAsync_ActionThrows_PropagatesTheException()
    {
        var holder = await _sandbox.NewNetnsAsync();
        using var netns = NetworkNamespace.Open(holder.NetnsPath, "open");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => NetworkNamespace.RunInsideAsync<Observation>(netns, holder.NetnsPath, () => throw new InvalidOperationException("boom")));

        Assert.Equal("boom", error.Message);
    }

    [RootFact]
    public async Task RunInsideAsync_NotANetworkNamespace_ThrowsEinvalNamingThePath()
    {
        using var notNet = NetworkNamespace.Open("/proc/self/ns/uts", "open");

        var error = await Assert.ThrowsAsync<NetlinkException>(
            () => NetworkNamespace.RunInsideAsync(notNet, "/proc/self/ns/uts", () => new Observation(default, 0, false)));

        Assert.Equal("EINVAL", error.ErrorName);
        Assert.Contains("/proc/self/ns/uts", error.Message);
    }

    [Fact]
    public void Open_MissingPath_ThrowsEnoentWithOperation()
    {
        var error = Assert.Throws<NetlinkException>(() => NetworkNamespace.Open("/proc/0/ns/net", "open the target"));

        Assert.Equal("ENOENT", error.ErrorName);
        Assert.StartsWith("Devd: open the target failed: No such file or directory", error.Message);
    }

    private sealed record Observation(NamespaceId Namespace, int ThreadId, bool OnThreadPool) : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
