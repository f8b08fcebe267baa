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

    [Fact]
    public async Task WaitAsync_ForwarderWhoseGuestRefusesAtFirst_ReadyOnlyOnceTheGuestAccepts()
    {
        using var forwarder = Forwarder();
        var shell = new ForwardedShell((IPEndPoint)forwarder.LocalEndPoint!, refusals: 3);

        await ReadinessProbe.WaitAsync(shell, TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None);

        Assert.Equal(4, shell.Asked);
    }

    [Fact]
    public async Task WaitAsync_ForwarderWhoseGuestNeverAccepts_TimesOutSayingSo()
    {
        using var forwarder = Forwarder();
        var shell = new ForwardedShell((IPEndPoint)forwarder.LocalEndPoint!, refusals: int.MaxValue);

        var error = await Assert.ThrowsAsync<GuestStartException>(() =>
            ReadinessProbe.WaitAsync(shell, TimeSpan.FromSeconds(2), TimeProvider.System, CancellationToken.None));

        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        Assert.True(shell.Asked > 0);
    }

    /// <summary>Connections complete in the kernel's backlog, as on a forwarder that accepts before its guest listens.</summary>
    private static Socket Forwarder()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(512);
        return socket;
    }

    private sealed class ListeningShell(IPEndPoint endpoint)
        : Shell(Guid.NewGuid(), new ShellSpec { Service = "probe", Driver = "test", Image = "none", Port = endpoint.Port }, endpoint, DateTimeOffset.UnixEpoch)
    {
        public override Task<string> Exited { get; } = new TaskCompletionSource<string>().Task;

        public override string ConsoleTail(int lines = 10) => string.Empty;
    }

    /// <summary>A shell behind a forwarder whose guest refuses the first <c>refusals</c> connections.</summary>
    private sealed class ForwardedShell(IPEndPoint endpoint, int refusals)
        : Shell(Guid.NewGuid(), new ShellSpec { Service = "probe", Driver = "test", Image = "none", Port = endpoint.Port }, endpoint, DateTimeOffset.UnixEpoch)
    {
        private int _asked;

        public int Asked => Volatile.Read(ref _asked);

        public override Task<string> Exited { get; } = new TaskCompletionSource<string>().Task;

        public override Task<bool> GuestAcceptedAsync(Socket connection, TimeProvider time, CancellationToken cancellationToken) =>
            Task.FromResult(Interlocked.Increment(ref _asked) > refusals);

        public override string ConsoleTail(int lines = 10) => string.Empty;
    }
}
