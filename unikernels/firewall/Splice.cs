using System.Buffers;
using System.Net.Sockets;
using LightVm.Guest.Http;

namespace LightVm.FirewallGuest;

/// <summary>
/// Relays bytes between the client and the upstream socket, half-close aware: when one side stops sending, the
/// other side's sending half is shut down and the opposite direction goes on. A failure in either direction (a
/// reset, a closed socket) ends both; so does <see cref="IdleTimeout"/> without a byte either way.
/// </summary>
public sealed class Splice : IDisposable
{
    public const int BufferSize = 16 * 1024;

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(5);

    private readonly Socket _client;
    private readonly Socket _upstream;
    private readonly CancellationTokenSource _cancel = new();

    public Splice(Socket client, Socket upstream)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(upstream);
        _client = client;
        _upstream = upstream;
        Touch();
    }

    /// <summary>A CONNECT tunnel: both directions until both have ended (or one fails).</summary>
    public async Task TunnelAsync()
    {
        var up = PumpAsync(_client, _upstream);
        var down = PumpAsync(_upstream, _client);
        await Task.WhenAll(up, down);
    }

    /// <summary>
    /// A forwarded request: the client's body upstream and the response back (its head through
    /// <see cref="ResponseHead.WithConnectionClose"/>) until the upstream ends its response.
    /// False when the upstream closed without sending a byte (the caller answers 502).
    /// </summary>
    public async Task<bool> RelayResponseAsync()
    {
        var up = PumpAsync(_client, _upstream);
        bool answered;
        try
        {
            answered = await ResponseAsync();
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            answered = true; // Something was under way; the client sees the connection end.
        }

        await _cancel.CancelAsync();
        await up;
        return answered;
    }

    public void Dispose() => _cancel.Dispose();

    private static void ShutdownSend(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The peer is gone already.
        }
    }

    private void Touch() => _cancel.CancelAfter(IdleTimeout);

    private async Task SendAllAsync(Socket to, ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = await to.SendAsync(data, SocketFlags.None, _cancel.Token);
            data = data[sent..];
        }

        Touch();
    }

    /// <summary>Copies until <paramref name="from"/> ends, then shuts down <paramref name="to"/>'s sending half; a failure cancels the other direction.</summary>
    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _cancel.Token);
                if (read == 0)
                {
                    ShutdownSend(to);
                    return;
                }

                Touch();
                await SendAllAsync(to, buffer.AsMemory(0, read));
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            await CancelQuietlyAsync();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task CancelQuietlyAsync()
    {
        try
        {
            await _cancel.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Done already.
        }
    }

    /// <summary>Reads response heads (passing interim 1xx ones on as they are), rewrites the final one, then copies the rest.</summary>
    private async Task<bool> ResponseAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var filled = 0;
            var any = false;
            while (true)
            {
                var headLength = HttpRequestParser.FindHeadEnd(buffer.AsSpan(0, filled));
                if (headLength < 0)
                {
                    if (filled == BufferSize)
                    {
                        await SendAllAsync(_client, buffer.AsMemory(0, filled)); // Too large to rewrite: relay as is.
                        break;
                    }

                    var read = await _upstream.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _cancel.Token);
                    if (read == 0)
                    {
                        if (!any)
                        {
                            return false;
                        }

                        await SendAllAsync(_client, buffer.AsMemory(0, filled)); // A cut-off head: relay what came.
                        ShutdownSend(_client);
                        return true;
                    }

                    Touch();
                    any = true;
                    filled += read;
                    continue;
                }

                var status = ResponseHead.StatusOf(buffer.AsSpan(0, headLength));
                if (status < 0)
                {
                    await SendAllAsync(_client, buffer.AsMemory(0, filled)); // Not HTTP: relay as is.
                    break;
                }

                if (ResponseHead.IsInterim(status))
                {
                    await SendAllAsync(_client, buffer.AsMemory(0, headLength));
                    buffer.AsSpan(headLength, filled - headLength).CopyTo(buffer);
                    filled -= headLength;
                    continue;
                }

                await SendAllAsync(_client, ResponseHead.WithConnectionClose(buffer.AsSpan(0, headLength)));
                await SendAllAsync(_client, buffer.AsMemory(headLength, filled - headLength));
                break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await PumpAsync(_upstream, _client);
        return true;
    }
}
