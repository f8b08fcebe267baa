using System.Net;
using LightVm.Guest.Hosting;

namespace LightVm.Guest.Tests.Hosting;

/// <summary>A server that closes every connection it accepts.</summary>
public sealed class TestServer(GuestListener listener) : IGuestServer
{
    public EndPoint LocalEndPoint => listener.LocalEndPoint;

    public Task RunAsync() => listener.AcceptAsync(client => client.Dispose(), _ => { });

    public void Dispose() => listener.Dispose();
}
