using System.Net;

namespace LightVm.Guest.Hosting;

/// <summary>What a guest serves with: a listener that accepts until it is disposed.</summary>
public interface IGuestServer : IDisposable
{
    EndPoint LocalEndPoint { get; }

    /// <summary>Accepts and serves connections until the server is disposed.</summary>
    Task RunAsync();
}
