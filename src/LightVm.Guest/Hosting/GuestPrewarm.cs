using System.Net.Sockets;
using LightVm.Noxs;

namespace LightVm.Guest.Hosting;

/// <summary>
/// Work done while the shell waits for its page (the prepare phase), so that nothing after "go" pays for first-use
/// costs. Prewarming is an optimization: a guest that cannot do it still serves, so nothing here throws.
/// </summary>
public static class GuestPrewarm
{
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// One real exchange through a real server on a throw-away loopback port (socket stack, thread pool, async
    /// machinery, the server's parser and answers): starts it, sends <paramref name="request"/>, reads the answer
    /// to its end, stops it.
    /// </summary>
    public static void RoundTrip(Func<IGuestServer> start, ReadOnlySpan<byte> request)
    {
        ArgumentNullException.ThrowIfNull(start);
        try
        {
            using var server = start();
            var serving = server.RunAsync();
            using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                client.Connect(server.LocalEndPoint);
                client.Send(request);
                var buffer = new byte[4096];
                while (client.Receive(buffer) > 0)
                {
                }
            }

            server.Dispose();
            serving.Wait(StopTimeout);
        }
        catch (Exception e) when (e is SocketException or IOException or AggregateException or ObjectDisposedException)
        {
            // Prewarming is an optimization: a guest that cannot do it still serves.
        }
    }

    /// <summary>What every guest touches after "go": the page reader's CRC and the console.</summary>
    public static void PageReaderAndConsole()
    {
        _ = Crc32.Compute([0]);
        _ = Console.Out;
    }
}
