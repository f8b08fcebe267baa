using System.Net;
using System.Net.Sockets;
using LightVm.Guest.Hosting;

namespace LightVm.FirewallGuest;

/// <summary>The listening socket: accepts connections and serves each as one <see cref="ProxyConnection"/> until disposed.</summary>
public sealed class ProxyServer : IGuestServer
{
    private readonly GuestListener _listener;
    private readonly ProxyPolicy _policy;

    private ProxyServer(GuestListener listener, ProxyPolicy policy)
    {
        _listener = listener;
        _policy = policy;
    }

    public EndPoint LocalEndPoint => _listener.LocalEndPoint;

    /// <summary>Binds and listens; throws <see cref="SocketException"/> when the address cannot be had.</summary>
    public static ProxyServer Start(IPAddress address, int port, ProxyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(policy);
        return new ProxyServer(GuestListener.Open(address, port), policy);
    }

    /// <summary>Accepts connections until the listener is disposed.</summary>
    public Task RunAsync() =>
        _listener.AcceptAsync(
            client => _ = new ProxyConnection(client, _policy).ServeAsync(),
            error => GuestConsole.Problem($"{FirewallApp.AppName}: accept failed: {error}"));

    public void Dispose() => _listener.Dispose();
}
