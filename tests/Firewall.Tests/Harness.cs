using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LightVm.FirewallGuest.Tests;

/// <summary>Starting a guest with rules, and talking to it: through <see cref="HttpClient"/> with a proxy, or raw.</summary>
public static class Harness
{
    public static readonly IPAddress GuestAddress = IPAddress.Parse("127.78.200.2");
    public static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Writes a page with <paramref name="rules"/> for user alice, says go, and waits until the guest listens.</summary>
    public static async Task<IPEndPoint> StartServingAsync(GuestProcess guest, string rules)
    {
        var endPoint = new IPEndPoint(GuestAddress, GuestProcess.FreePort(GuestAddress));
        guest.WritePage(FirewallGuest.Page(GuestAddress, endPoint.Port, rules));
        guest.Go();
        await guest.WaitUntilListeningAsync(endPoint, ListenTimeout);
        return endPoint;
    }

    /// <summary>An <see cref="HttpClient"/> whose every request goes through the guest (loopback included).</summary>
    public static HttpClient ClientThrough(IPEndPoint proxy) =>
        new(new SocketsHttpHandler { Proxy = new WebProxy(new Uri($"http://{proxy}")) { BypassProxyOnLocal = false }, UseProxy = true })
        {
            Timeout = TimeSpan.FromSeconds(15),
        };

    /// <summary>Sends raw bytes and reads until the guest closes the connection.</summary>
    public static async Task<string> ExchangeAsync(IPEndPoint endPoint, string request)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var client = new TcpClient();
        await client.ConnectAsync(endPoint, cancel.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancel.Token);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, cancel.Token);
        return Encoding.UTF8.GetString(answer.ToArray());
    }

    /// <summary>A loopback port nothing listens on.</summary>
    public static int ClosedPort() => GuestProcess.FreePort(IPAddress.Loopback);
}
