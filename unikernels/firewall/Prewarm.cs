using System.Net;
using System.Net.Sockets;
using System.Text;
using LightVm.Firewall;
using LightVm.Noxs;

namespace LightVm.FirewallGuest;

/// <summary>
/// Work done while the shell waits for its page (the prepare phase), so that nothing after "go" pays for
/// first-use costs: one refused CONNECT through a real proxy on a throw-away loopback port touches the socket
/// stack, thread pool, async machinery, request parser, rule parser and evaluator, and the answers; then the page
/// reader and console. Nothing is logged (a quiet policy).
/// </summary>
public static class Prewarm
{
    private static readonly byte[] Request = Encoding.ASCII.GetBytes("CONNECT prewarm.invalid:443 HTTP/1.1\r\nHost: prewarm.invalid:443\r\n\r\n");

    public static void Run()
    {
        try
        {
            var policy = new ProxyPolicy("prewarm", RuleParser.Parse("deny host *.invalid port 1-65535\ndefault deny"))
            {
                Quiet = true,
            };
            using var server = ProxyServer.Start(IPAddress.Loopback, 0, policy);
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
