using System.Net.Sockets;
using LightVm.Policies;
using Microsoft.Extensions.Logging;

namespace LightVm.Gateway.Fronts;

/// <summary>
/// The TLS front (<c>--tls</c>): reads the ClientHello's SNI without terminating TLS, and splices the connection
/// (ClientHello included) to the TLS guest of that host name, spinning it up on the first connection while the
/// connection is held (same maxHeld and startTimeout as HTTP). Unknown or missing SNI, or no guest in time: a fatal
/// alert (unrecognized_name, handshake_failure, internal_error), then close; each is logged.
/// </summary>
public sealed partial class TlsFrontHandler(PolicySet policies, GuestFlows flows, ILogger<TlsFrontHandler> logger) : IFrontHandler
{
    public string Name => "tls";

    public async Task HandleAsync(Socket client, CancellationToken cancellationToken)
    {
        string? notTls = null;
        var (hello, buffer, length) = await FrontReader.ReadAsync(client, ClientHello.MaxBytes, data =>
        {
            var result = ClientHello.Parse(data.Span);
            if (result.Error is not null)
            {
                notTls = result.Error;
            }

            return result.Complete && result.Error is null ? result : null;
        }, cancellationToken).ConfigureAwait(false);
        if (hello is null)
        {
            LogNotTls(client.RemoteEndPoint?.ToString() ?? "?", notTls ?? "it closed or stalled before its ClientHello was complete");
            await TlsAlert.SendAndCloseAsync(client, TlsAlert.HandshakeFailure, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (hello.ServerName is not { } name)
        {
            LogNoSni(client.RemoteEndPoint?.ToString() ?? "?");
            await TlsAlert.SendAndCloseAsync(client, TlsAlert.HandshakeFailure, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!policies.TryFindTlsHost(name, out var policy, out var host))
        {
            LogUnknownSni(name);
            await TlsAlert.SendAndCloseAsync(client, TlsAlert.UnrecognizedName, cancellationToken).ConfigureAwait(false);
            return;
        }

        var instance = ServiceInstance.Key(policy, host.Label);
        var activation = await flows.AcquireAsync(policy, instance, cancellationToken).ConfigureAwait(false);
        if (!activation.Succeeded || activation.Endpoint is null)
        {
            LogUnavailable(name, instance, activation.Reason ?? activation.Kind.ToString());
            await TlsAlert.SendAndCloseAsync(client, TlsAlert.InternalError, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!await flows.SpliceAsync(client, buffer.AsMemory(0, length), instance, activation, cancellationToken).ConfigureAwait(false))
        {
            await TlsAlert.SendAndCloseAsync(client, TlsAlert.InternalError, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 3230, Level = LogLevel.Warning, Message = "TLS: {Client} sent no usable ClientHello: {Reason}")]
    private partial void LogNotTls(string client, string reason);

    [LoggerMessage(EventId = 3231, Level = LogLevel.Warning, Message = "TLS: {Client} sent no SNI: closed after a handshake_failure alert")]
    private partial void LogNoSni(string client);

    [LoggerMessage(EventId = 3232, Level = LogLevel.Warning, Message = "TLS: no service terminates '{ServerName}': closed after an unrecognized_name alert")]
    private partial void LogUnknownSni(string serverName);

    [LoggerMessage(EventId = 3233, Level = LogLevel.Warning, Message = "TLS: no guest for {ServerName} ({Instance}): {Reason}")]
    private partial void LogUnavailable(string serverName, string instance, string reason);
}
