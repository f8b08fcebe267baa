namespace LightVm.Gateway.Routing;

/// <summary>The narrow seam through which the gateway asks agents for guests.</summary>
public interface IGuestCommands
{
    Task SpinUpAsync(string service, Guid requestId, CancellationToken cancellationToken);

    Task ResumeAsync(string service, Guid guestId, CancellationToken cancellationToken);
}
