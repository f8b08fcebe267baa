using System.Net.Sockets;

namespace LightVm.Gateway.Fronts;

/// <summary>Reads a connection's first bytes until a parser is satisfied, within a deadline and a size bound.</summary>
internal static class FrontReader
{
    /// <summary>How long a client may take to send its request head or ClientHello.</summary>
    public static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Receives into a growing buffer until <paramref name="parse"/> returns a value. Returns the value and the bytes
    /// read (which go to the guest as they are); (default, bytes) when the client closed, stalled or sent too much.
    /// </summary>
    public static async Task<(T? Value, byte[] Buffer, int Length)> ReadAsync<T>(Socket client, int maxBytes, Func<ReadOnlyMemory<byte>, T?> parse, CancellationToken cancellationToken)
        where T : class
    {
        var buffer = new byte[Math.Min(4096, maxBytes)];
        var length = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(HeadTimeout);
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= maxBytes)
                    {
                        return (null, buffer, length);
                    }

                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxBytes));
                }

                var read = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return (null, buffer, length);
                }

                length += read;
                if (parse(buffer.AsMemory(0, length)) is { } value)
                {
                    return (value, buffer, length);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, buffer, length); // The client stalled past the deadline.
        }
    }
}
