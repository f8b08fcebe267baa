using System.Net;
using System.Net.Sockets;

namespace LightVm.Integration.Tests.Distributed;

/// <summary>
/// Gateway and Dom0 agent as separate processes over a real RabbitMQ (started by ops/rabbitmq.sh; .ci/run does it).
/// </summary>
public sealed class RabbitMqTests
{
    private static readonly string Broker = Environment.GetEnvironmentVariable("LIGHTVM_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/";

    [Fact]
    public async Task Get_GatewayAndDom0InSeparateProcesses_ColdRequestIsServed()
    {
        await EnsureBrokerAsync();
        var directory = Directory.CreateTempSubdirectory("lightvm-dist-").FullName;
        var policies = Path.Combine(directory, "policies");
        Directory.CreateDirectory(policies);
        var service = "dist" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllTextAsync(Path.Combine(policies, service + ".yaml"), new TestPolicy(service).ToYaml());
        var port = FreePort();
        try
        {
            await using var dom0 = await CliProcess.StartAsync("LightVm dom0 agent", TimeSpan.FromSeconds(90),
                "dom0", "--rabbitmq", Broker, "--policies", policies, "--state-dir", Path.Combine(directory, "state"));
            await using var gateway = await CliProcess.StartAsync("LightVm gateway on", TimeSpan.FromSeconds(90),
                "gateway", "--rabbitmq", Broker, "--policies", policies, "--http", $"127.0.0.1:{port}");
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/over-rabbit");
            request.Headers.Host = $"{service}.localhost";

            using var response = await client.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}\ngateway: {gateway.Output}\ndom0: {dom0.Output}");
            Assert.Equal("cold", Assert.Single(response.Headers.GetValues("X-LightVm-Activation")));
            Assert.Contains($"\"service\":\"{service}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("ready;dur=", Assert.Single(response.Headers.GetValues("Server-Timing")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task EnsureBrokerAsync()
    {
        var uri = new Uri(Broker);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(uri.Host, uri.Port == -1 ? 5672 : uri.Port);
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"RabbitMQ is not reachable at {Broker} ({e.SocketErrorCode}): start it with ops/rabbitmq.sh.", e);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
