using System.Buffers;
using System.Net;
using System.Net.Sockets;
using LightVm.Guest.Hosting;
using LightVm.Guest.Http;

namespace LightVm.FirewallGuest;

/// <summary>
/// One client connection, one flow: read the request head, find the destination, ask the rules, then refuse
/// (403), tunnel (CONNECT) or forward the one request (absolute-form; <c>Connection: close</c> both ways, so a
/// client connection carries exactly one request). Nothing a client sends can take the guest down: a bad
/// connection gets its error answer, or is only closed.
/// </summary>
public sealed class ProxyConnection
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(1);
    private const int MaxDrainBytes = 1024 * 1024;

    private readonly Socket _client;
    private readonly ProxyPolicy _policy;

    public ProxyConnection(Socket client, ProxyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(policy);
        _client = client;
        _policy = policy;
    }

    public async Task ServeAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(HttpRequestParser.MaxHeadBytes);
        using var timer = new CancellationTokenSource();
        try
        {
            _client.NoDelay = true;
            await ServeFlowAsync(buffer, timer);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The client went away or stalled: nothing to answer.
        }
        catch (Exception ex)
        {
            GuestConsole.Problem($"firewall: connection failed: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            _client.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ServeFlowAsync(byte[] buffer, CancellationTokenSource timer)
    {
        timer.CancelAfter(HeadTimeout);
        var window = buffer.AsMemory(0, HttpRequestParser.MaxHeadBytes);
        var filled = 0;
        int headLength;
        while ((headLength = HttpRequestParser.FindHeadEnd(window.Span[..filled])) < 0)
        {
            if (filled == window.Length)
            {
                await FailAsync(_policy.Responses.Error(HttpStatus.HeaderFieldsTooLarge, "the request head is larger than 16 KiB"), buffer, timer);
                return;
            }

            var read = await _client.ReceiveAsync(window[filled..], SocketFlags.None, timer.Token);
            if (read == 0)
            {
                return;
            }

            filled += read;
        }

        if (!HttpRequestParser.TryParseProxy(window.Span[..headLength], out var request, out var status, out var error))
        {
            await FailAsync(_policy.Responses.Error(status, error), buffer, timer);
            return;
        }

        var parsed = request.IsConnect
            ? ProxyTarget.TryParseConnect(request.Target, out var target, out error)
            : ProxyTarget.TryParseAbsolute(request.Target, out target, out error);
        if (!parsed)
        {
            await FailAsync(_policy.Responses.Error(HttpStatus.BadRequest, error), buffer, timer);
            return;
        }

        // A name is looked up before the rules only when a cidr rule could need its address; otherwise a denied
        // name is never resolved (no DNS query leaves for a blocked tracker) and an allowed one is resolved after.
        var rules = _policy.Rules;
        var destination = DestinationResolver.FromLiteral(target!.Host)
            ?? (rules.Rules.Any(r => r.Cidr is not null)
                ? await DestinationResolver.ResolveAsync(target.Host, timer.Token)
                : DestinationResolver.NotResolved(target.Host));
        var decision = rules.Evaluate(destination.RuleHost, destination.Address, target.Port);
        if (decision.Allowed && destination.NeedsLookup)
        {
            destination = await DestinationResolver.ResolveAsync(target.Host, timer.Token);
        }

        var action = decision.Allowed ? "allow" : "deny";
        var via = destination.Address is { } address ? $"to {address}" : destination.NeedsLookup ? "not looked up" : "unresolved";
        if (!_policy.Quiet)
        {
            GuestConsole.Say($"firewall: {_policy.User} {request.Method} {target.Display} {action} ({decision.Describe()}) {via}");
        }
        if (!decision.Allowed)
        {
            await FailAsync(_policy.Responses.Forbidden(target, decision), buffer, timer);
            return;
        }

        if (destination.Address is null)
        {
            await FailAsync(_policy.Responses.Error(HttpStatus.BadGateway, destination.Error ?? "no address"), buffer, timer);
            return;
        }

        var (upstream, connectStatus, connectError) = await ConnectAsync(destination.Address, target.Port);
        if (upstream is null)
        {
            GuestConsole.Problem($"firewall: {_policy.User} {request.Method} {target.Display}: {connectError}");
            await FailAsync(_policy.Responses.Error(connectStatus, connectError), buffer, timer);
            return;
        }

        timer.CancelAfter(Timeout.InfiniteTimeSpan);
        using (upstream)
        using (var splice = new Splice(_client, upstream))
        {
            var early = window[headLength..filled]; // Bytes the client sent after the head: body or tunnel data.
            if (request.IsConnect)
            {
                await SendAllAsync(_client, ProxyResponses.Established);
                await SendAllAsync(upstream, early);
                await splice.TunnelAsync();
                return;
            }

            await SendAllAsync(upstream, UpstreamRequest.BuildHead(request, target));
            await SendAllAsync(upstream, early);
            if (!await splice.RelayResponseAsync())
            {
                await FailAsync(_policy.Responses.Error(HttpStatus.BadGateway, $"{target.Display} closed the connection without answering"), buffer, timer);
            }
        }
    }

    private static async Task<(Socket? Socket, int Status, string Error)> ConnectAsync(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
            return (socket, 0, string.Empty);
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            return (null, HttpStatus.GatewayTimeout, $"connecting to {address} port {port} took longer than {ConnectTimeout.TotalSeconds:0} s");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            return (null, HttpStatus.BadGateway, $"cannot connect to {address} port {port}: {ex.SocketErrorCode}");
        }
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        using var timeout = new CancellationTokenSource(HeadTimeout);
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, timeout.Token);
            data = data[sent..];
        }
    }

    /// <summary>Sends an answer, then closes so that the client still reads it (no reset from unread input).</summary>
    private async Task FailAsync(byte[] response, byte[] buffer, CancellationTokenSource timer)
    {
        timer.CancelAfter(Timeout.InfiniteTimeSpan);
        await SendAllAsync(_client, response);
        _client.Shutdown(SocketShutdown.Send);
        var drained = 0;
        while (drained < MaxDrainBytes)
        {
            timer.CancelAfter(LingerTimeout);
            var read = await _client.ReceiveAsync(buffer, SocketFlags.None, timer.Token);
            if (read == 0)
            {
                return;
            }

            drained += read;
        }
    }
}
