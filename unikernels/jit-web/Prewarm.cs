using System.Net;
using System.Net.Sockets;
using System.Text;
using LightVm.Noxs;

namespace LightVm.JitWeb;

/// <summary>
/// Work done while the shell waits for its page (the prepare phase), so that nothing after "go" pays for
/// first-use costs: one real request through the real server on a throw-away loopback port touches the
/// socket stack, thread pool, async machinery, parser and response code; then the page reader and console.
/// </summary>
public static class Prewarm
{
    private static readonly byte[] Request = Encoding.ASCII.GetBytes("GET /prewarm HTTP/1.1\r\nHost: prewarm\r\nConnection: close\r\n\r\n");

    public static void Run()
    {
        try
        {
            using var server = HttpServer.Start(new GuestSettings(Guid.Empty, "prewarm", 0, IPAddress.Loopback, 0));
            var serving = server.RunAsync();
            using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                client.Connect(server.LocalEndPoint);
                client.Send(Request);
                var buffer = new byte[4096];
                while (client.Receive(buffer) > 0)
                {
                }
            }

            server.Dispose();
            serving.Wait(TimeSpan.FromSeconds(1));
        }
        catch (Exception e) when (e is SocketException or IOException or AggregateException or ObjectDisposedException)
        {
            // Prewarming is an optimization: a guest that cannot do it still serves.
        }

        _ = Crc32.Compute([0]);
        _ = Console.Out;
    }
}
