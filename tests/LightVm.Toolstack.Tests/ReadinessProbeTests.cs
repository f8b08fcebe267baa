using System.Net;
using System.Net.Sockets;
using LightVm.Toolstack;

namespace LightVm.Toolstack.Tests;

public sealed class ReadinessProbeTests
{
    [Fact]
    public void AttemptTimeout_ManyAttempts_StartsShortAndStaysWellUnderTcpsOneSecondRetry()
    {
        var timeouts = Enumerable.Range(0, 200).Select(ReadinessProbe.AttemptTimeout).ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(10), timeouts[0]);
        Assert.True(timeouts.Zip(timeouts.Skip(1)).All(p => p.First <= p.Second), "never shrinks");
        Assert.Equal(TimeSpan.FromMilliseconds(250), timeouts[^1]);
    }

    [Fact]
    public async Task WaitAsync_ListenerAppearsLater_ReturnsOnceItListens()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var endpoint = (IPEndPoint)probe.LocalEndpoint;
        probe.Stop(); // the port is free now: refused until the "guest" listens again
        var shell = new ListeningShell(endpoint);

        var waiting = ReadinessProbe.WaitAsync(shell, TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        using var listener = new TcpListener(endpoint);
        listener.Start();

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private sealed class ListeningShell(IPEndPoint endpoint)
        : Shell(Guid.NewGuid(), new ShellSpec { Service = "probe", Driver = "test", Image = "none", Port = endpoint.Port }, endpoint, DateTimeOffset.UnixEpoch)
    {
        public override Task<string> Exited { get; } = new TaskCompletionSource<string>().Task;

        public override string ConsoleTail(int lines = 10) => string.Empty;
    }
}
