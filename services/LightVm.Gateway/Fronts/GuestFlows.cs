using System.Net;
using System.Net.Sockets;
using LightVm.Gateway.Activity;
using LightVm.Gateway.Routing;
using LightVm.Policies;
using Microsoft.Extensions.Logging;

namespace LightVm.Gateway.Fronts;

/// <summary>
/// What the TCP-level fronts (proxy, TLS by SNI, plain TCP) share: get the guest of an instance through the same
/// route table and hold queues as HTTP (same maxHeld, same startTimeout), then splice the client's connection to it,
/// counting the flow as the guest's activity for as long as it lasts.
/// </summary>
public sealed partial class GuestFlows(RouteActivator activator, ActivityTracker activity, TimeProvider time, ILogger<GuestFlows> logger)
{
    /// <summary>How long connecting to a ready guest may take.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private const int BufferSize = 16 * 1024;

    public Task<Activation> AcquireAsync(ServicePolicy policy, string instance, CancellationToken cancellationToken) =>
        activator.AcquireAsync(policy, instance, cancellationToken);

    /// <summary>
    /// Connects to the activated guest, sends <paramref name="prefix"/> (what the front already read), then relays
    /// both ways until both sides have finished. Returns false (having sent nothing) when the guest cannot be reached.
    /// </summary>
    public async Task<bool> SpliceAsync(Socket client, ReadOnlyMemory<byte> prefix, string instance, Activation activation, CancellationToken cancellationToken)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(activation.Endpoint!.Host), activation.Endpoint.Port);
        using var guest = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        activity.Begin(activation.GuestId);
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(ConnectTimeout);
                try
                {
                    await guest.ConnectAsync(endpoint, connect.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    LogUnreachable(instance, activation.GuestId, endpoint, e.Message);
                    return false;
                }
            }

            if (!prefix.IsEmpty)
            {
                await guest.SendAsync(prefix, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }

            var started = time.GetTimestamp();
            var up = PumpAsync(client, guest, cancellationToken);
            var down = PumpAsync(guest, client, cancellationToken);
            var (sent, received) = (await up.ConfigureAwait(false), await down.ConfigureAwait(false));
            var elapsed = time.GetElapsedTime(started);
            LogFlow(instance, activation.GuestId, sent + prefix.Length, received, elapsed);
            return true;
        }
        finally
        {
            activity.End(activation.GuestId);
        }
    }

    /// <summary>Copies until <paramref name="from"/> ends, then half-closes <paramref name="to"/>; a reset on either side ends both.</summary>
    private static async Task<long> PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        long total = 0;
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return total;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                total += read;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side went away: make the other see it too, so that its pump ends as well.
            TryClose(from);
            TryClose(to);
            return total;
        }
    }

    private static void TryClose(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Guest {GuestId} of {Instance} at {Endpoint} cannot be reached: {Reason}")]
    private partial void LogUnreachable(string instance, Guid guestId, IPEndPoint endpoint, string reason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Debug, Message = "Flow to {Instance} (guest {GuestId}) ended: {Sent} bytes up, {Received} down, after {Elapsed}")]
    private partial void LogFlow(string instance, Guid guestId, long sent, long received, TimeSpan elapsed);
}
