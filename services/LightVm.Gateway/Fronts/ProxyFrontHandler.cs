using System.Globalization;
using System.Net.Sockets;
using LightVm.Policies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LightVm.Gateway.Fronts;

/// <summary>
/// The forward-proxy front (<c>--proxy</c>): standard HTTP proxy requests (absolute-form and <c>CONNECT</c>), so
/// <c>curl -x</c> and browsers work unchanged. The user is who <c>Proxy-Authorization</c> (Basic user:token) says; a
/// missing or wrong token gets 407 and never a guest. An authenticated connection goes, as it is, to that user's
/// firewall guest (<c>instancePer: user</c>), spun up on the user's first flow, which applies the user's rules.
/// </summary>
public sealed partial class ProxyFrontHandler(PolicySet policies, GuestFlows flows, IOptions<GatewayOptions> options, ILogger<ProxyFrontHandler> logger)
    : IFrontHandler
{
    private const string Challenge = "Basic realm=\"lightvm\", charset=\"UTF-8\"";

    public string Name => "proxy";

    public async Task HandleAsync(Socket client, CancellationToken cancellationToken)
    {
        string? invalid = null;
        var (head, buffer, length) = await FrontReader.ReadAsync(client, ProxyRequestHead.MaxBytes, data =>
        {
            try
            {
                return ProxyRequestHead.Parse(data.Span);
            }
            catch (FormatException e)
            {
                invalid = e.Message;
                return null;
            }
        }, cancellationToken).ConfigureAwait(false);
        if (invalid is not null || (head is null && length >= ProxyRequestHead.MaxBytes))
        {
            await ProxyResponse.SendAsync(client, 400, "Bad Request", $"Not a proxy request: {invalid ?? "the head is too long"}.\n", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (head is null)
        {
            return; // The client closed or stalled before its head was complete.
        }

        if (!BasicCredentials.TryParse(head.ProxyAuthorization, out var credentials))
        {
            await ProxyResponse.SendAsync(client, 407, "Proxy Authentication Required",
                "This proxy needs your user name and token: Proxy-Authorization: Basic base64(user:token), e.g. curl -x http://user:token@host:port.\n",
                cancellationToken, ("Proxy-Authenticate", Challenge)).ConfigureAwait(false);
            return;
        }

        if (!policies.TryFindUser(credentials.User, out var policy, out var user) || !credentials.TokenEquals(user.Token))
        {
            LogRefused(credentials.User, head.Method);
            await ProxyResponse.SendAsync(client, 407, "Proxy Authentication Required", "Wrong user or token.\n",
                cancellationToken, ("Proxy-Authenticate", Challenge)).ConfigureAwait(false);
            return;
        }

        var instance = ServiceInstance.Key(policy, user.Name);
        var activation = await flows.AcquireAsync(policy, instance, cancellationToken).ConfigureAwait(false);
        if (!activation.Succeeded || activation.Endpoint is null)
        {
            LogUnavailable(user.Name, instance, activation.Reason ?? activation.Kind.ToString());
            var retry = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await ProxyResponse.SendAsync(client, 503, "Service Unavailable",
                $"Your firewall is not available: {activation.Reason}. Retry after {retry} s.\n",
                cancellationToken, ("Retry-After", retry), ("X-LightVm-Activation", activation.Kind.ToString().ToLowerInvariant())).ConfigureAwait(false);
            return;
        }

        LogFlow(user.Name, head.Method, instance, activation.Kind);
        if (!await flows.SpliceAsync(client, buffer.AsMemory(0, length), instance, activation, cancellationToken).ConfigureAwait(false))
        {
            await ProxyResponse.SendAsync(client, 502, "Bad Gateway", "Your firewall guest cannot be reached.\n", cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 3220, Level = LogLevel.Warning, Message = "Proxy: wrong user or token for '{User}' ({Method}): 407")]
    private partial void LogRefused(string user, string method);

    [LoggerMessage(EventId = 3221, Level = LogLevel.Warning, Message = "Proxy: no firewall for {User} ({Instance}): {Reason}")]
    private partial void LogUnavailable(string user, string instance, string reason);

    [LoggerMessage(EventId = 3222, Level = LogLevel.Debug, Message = "Proxy: {User} {Method} through {Instance} ({Activation})")]
    private partial void LogFlow(string user, string method, string instance, LightVm.Gateway.Routing.ActivationKind activation);
}
