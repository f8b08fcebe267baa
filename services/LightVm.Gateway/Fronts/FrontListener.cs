using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LightVm.Gateway.Fronts;

/// <summary>
/// A TCP listener for one front: binds at start (so a taken port fails <c>lightvm up</c> at once, with the address
/// in the message), accepts, and gives each connection to its handler; stopping closes the listener and every flow.
/// </summary>
public sealed partial class FrontListener(IFrontHandler handler, IPEndPoint endpoint, FrontEndpoints endpoints, ILogger<FrontListener> logger)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, Task> _flows = new();
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endpoint);
            listener.Listen(1024);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new InvalidOperationException($"The {handler.Name} front cannot listen on {endpoint}: {e.Message}", e);
        }

        _listener = listener;
        var bound = (IPEndPoint)listener.LocalEndPoint!;
        endpoints.Set(handler.Name, bound);
        LogListening(handler.Name, bound);
        _accepting = AcceptAsync(listener, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        await _accepting.ConfigureAwait(false);
        await Task.WhenAll(_flows.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _listener?.Dispose();
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                LogAcceptFailed(handler.Name, e.Message); // EMFILE and the like: keep serving the others.
                await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            client.NoDelay = true;
            _flows[client] = ServeAsync(client, stopping);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            await handler.HandleAsync(client, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client or the guest went away mid-flow, or the platform stops.
        }
#pragma warning disable CA1031 // One flow's bug must not take the front down; it is logged with its exception.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFlowFailed(handler.Name, e);
        }
        finally
        {
            client.Dispose();
            _flows.TryRemove(client, out _);
        }
    }

    [LoggerMessage(EventId = 3210, Level = LogLevel.Information, Message = "The {Front} front listens on {Endpoint}")]
    private partial void LogListening(string front, IPEndPoint endpoint);

    [LoggerMessage(EventId = 3211, Level = LogLevel.Warning, Message = "The {Front} front could not accept a connection: {Reason}")]
    private partial void LogAcceptFailed(string front, string reason);

    [LoggerMessage(EventId = 3212, Level = LogLevel.Error, Message = "A flow of the {Front} front failed")]
    private partial void LogFlowFailed(string front, Exception exception);
}
