using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LightVm.Daytime;

/// <summary>
/// RFC 867 over TCP: every connection gets one line with the current date and time, then the server closes it.
/// The RFC leaves the format free; this one is <c>Thursday, November 26, 2026 16:40:05-UTC</c>.
/// </summary>
internal sealed class DaytimeServer(DaytimeSettings settings, TimeProvider time) : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public IPEndPoint Start()
    {
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(new IPEndPoint(settings.Address, settings.Port));
        _listener.Listen(128);
        return (IPEndPoint)_listener.LocalEndPoint!;
    }

    public async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                try
                {
                    await client.SendAsync(Encoding.ASCII.GetBytes(Line(time.GetUtcNow())), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    client.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                    // The client went away first: nothing to tell anyone.
                }
            }
        }
    }

    public static string Line(DateTimeOffset now) =>
        now.UtcDateTime.ToString("dddd, MMMM d, yyyy HH:mm:ss'-UTC'", CultureInfo.InvariantCulture) + "\r\n";

    public void Dispose() => _listener.Dispose();
}
