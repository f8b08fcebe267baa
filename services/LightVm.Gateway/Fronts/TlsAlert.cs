using System.Net.Sockets;

namespace LightVm.Gateway.Fronts;

/// <summary>A fatal TLS alert record (RFC 8446 §6), sent before closing a connection the TLS front will not splice.</summary>
internal static class TlsAlert
{
    public const byte HandshakeFailure = 40;
    public const byte InternalError = 80;
    public const byte UnrecognizedName = 112;

    public static async Task SendAndCloseAsync(Socket client, byte description, CancellationToken cancellationToken)
    {
        byte[] record = [21, 3, 3, 0, 2, 2, description]; // alert, TLS 1.2 record version, length 2, fatal, description
        try
        {
            await client.SendAsync(record, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            client.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // The client is gone already.
        }
    }
}
