using System.Net.Sockets;
using LightVm.Policies;
using Microsoft.Extensions.Logging;

namespace LightVm.Gateway.Fronts;

/// <summary>
/// A plain TCP front (<c>--tcp daytime=127.0.0.1:1313</c>) for a non-HTTP JIT service: each connection is held
/// while the service's guest is spun up or resumed, then spliced to it. TCP has no status to answer with: when no
/// guest is ready within the policy's startTimeout (or maxHeld is reached) the connection is reset, and logged.
/// </summary>
public sealed partial class TcpFrontHandler(ServicePolicy policy, GuestFlows flows, ILogger<TcpFrontHandler> logger) : IFrontHandler
{
    public string Name => "tcp:" + policy.Name;

    public async Task HandleAsync(Socket client, CancellationToken cancellationToken)
    {
        var activation = await flows.AcquireAsync(policy, policy.Name, cancellationToken).ConfigureAwait(false);
        if (!activation.Succeeded || activation.Endpoint is null)
        {
            LogUnavailable(policy.Name, activation.Reason ?? activation.Kind.ToString());
            client.LingerState = new LingerOption(true, 0); // close with a reset: the client sees a refusal at once
            return;
        }

        if (!await flows.SpliceAsync(client, ReadOnlyMemory<byte>.Empty, policy.Name, activation, cancellationToken).ConfigureAwait(false))
        {
            client.LingerState = new LingerOption(true, 0);
        }
    }

    [LoggerMessage(EventId = 3240, Level = LogLevel.Warning, Message = "TCP: no guest for {Service}: {Reason}; connection reset")]
    private partial void LogUnavailable(string service, string reason);
}
