using System.Net;
using System.Net.Sockets;
using LightVm.Noxs;

namespace LightVm.JitWeb;

/// <summary>
/// Work done while the shell waits for its page (the prepare phase), so that nothing after "go" pays for
/// first-use costs: socket stack, thread pool, async machinery, the page reader's tables, console.
/// </summary>
public static class Prewarm
{
    public static void Run()
    {
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen(1);
            using var accept = socket.AcceptAsync(CancellationToken.None).AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
            using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                client.Connect(socket.LocalEndPoint!);
            }

            accept.Wait(TimeSpan.FromSeconds(1));
        }

        _ = Crc32.Compute([0]);
        _ = Console.Out;
    }
}
