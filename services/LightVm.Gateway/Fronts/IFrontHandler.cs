using System.Net.Sockets;

namespace LightVm.Gateway.Fronts;

/// <summary>Serves one accepted connection of a front; owns nothing but the flow (the listener disposes the socket).</summary>
public interface IFrontHandler
{
    /// <summary>The front's name in logs and in <see cref="FrontEndpoints"/>.</summary>
    string Name { get; }

    Task HandleAsync(Socket client, CancellationToken cancellationToken);
}
