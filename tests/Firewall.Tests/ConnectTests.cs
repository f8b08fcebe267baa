using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LightVm.FirewallGuest.Tests;

/// <summary>CONNECT tunnels, on the published guest.</summary>
public sealed class ConnectTests
{
    [Fact]
    public async Task Connect_Allowed_TunnelEchoesBothWaysAndEndsCleanly()
    {
        using var echo = EchoServer.Start();
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, $"allow cidr 127.0.0.0/8 port {echo.Port}");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(proxy, cancel.Token);

        await socket.SendAsync(Encoding.ASCII.GetBytes($"CONNECT 127.0.0.1:{echo.Port} HTTP/1.1\r\nHost: 127.0.0.1:{echo.Port}\r\n\r\nearly "), cancel.Token);
        var established = await ReadAsync(socket, "HTTP/1.1 200 Connection Established\r\n\r\n".Length, cancel.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes("ping"), cancel.Token);
        var echoed = await ReadAsync(socket, "early ping".Length, cancel.Token);
        socket.Shutdown(SocketShutdown.Send);
        var rest = await ReadToEndAsync(socket, cancel.Token);

        Assert.Equal("HTTP/1.1 200 Connection Established\r\n\r\n", established);
        Assert.Equal("early ping", echoed);
        Assert.Equal(string.Empty, rest);
        await guest.AssertStdoutEventuallyContainsAsync($"firewall: alice CONNECT 127.0.0.1:{echo.Port} allow (rule 1 (allow cidr 127.0.0.0/8 port {echo.Port})) to 127.0.0.1");
    }

    [Fact]
    public async Task Connect_DeniedHost_Gets403WithRule()
    {
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "allow host example.test port 443\ndeny host blocked.test\nallow");

        var answer = await Harness.ExchangeAsync(proxy, "CONNECT blocked.test:443 HTTP/1.1\r\nHost: blocked.test:443\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 403 Forbidden\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("\r\nX-LightVm-Rule: rule 2 (deny host blocked.test)\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", answer, StringComparison.Ordinal);
        Assert.EndsWith("firewall: alice may not reach blocked.test:443: denied by rule 2 (deny host blocked.test)\n", answer, StringComparison.Ordinal);
        await guest.AssertStdoutEventuallyContainsAsync("firewall: alice CONNECT blocked.test:443 deny (rule 2 (deny host blocked.test))");
    }

    [Fact]
    public async Task Connect_HttpClientHttpsDenied_FailsWithoutReachingTheHost()
    {
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "deny port 443\nallow");
        using var client = Harness.ClientThrough(proxy);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("https://secure.test/")));

        Assert.Contains("403", ex.Message, StringComparison.Ordinal);
        await guest.AssertStdoutEventuallyContainsAsync("firewall: alice CONNECT secure.test:443 deny (rule 1 (deny port 443))");
    }

    [Fact]
    public async Task Connect_WithoutPort_Gets400()
    {
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "allow");

        var answer = await Harness.ExchangeAsync(proxy, "CONNECT example.test HTTP/1.1\r\nHost: example.test\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("CONNECT needs host:port", answer, StringComparison.Ordinal);
    }

    private static async Task<string> ReadAsync(Socket socket, int count, CancellationToken cancel)
    {
        var buffer = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancel);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return Encoding.ASCII.GetString(buffer, 0, filled);
    }

    private static async Task<string> ReadToEndAsync(Socket socket, CancellationToken cancel)
    {
        var all = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel)) > 0)
        {
            all.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return all.ToString();
    }
}
