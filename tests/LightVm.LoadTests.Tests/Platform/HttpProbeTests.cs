using System.Net;
using System.Net.Sockets;
using LightVm.LoadTesting.Platform;

namespace LightVm.LoadTests.Tests.Platform;

public sealed class HttpProbeTests
{
    [Fact]
    public async Task GetAsync_NothingListening_IsConnectionRefused()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var client = HttpProbe.Client(1, TimeSpan.FromSeconds(10));
        var outcome = await HttpProbe.GetAsync(client, new Uri($"http://127.0.0.1:{port}/"), "x.localhost", CancellationToken.None);

        Assert.False(outcome.Ok);
        Assert.Equal("connection refused", outcome.Error);
    }
}
