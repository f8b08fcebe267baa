namespace LightVm.Dom0.Events;

/// <summary>The narrow seam through which the agent tells the world what happened to its guests.</summary>
public interface IGuestEventPublisher
{
    Task PublishAsync<T>(T message, CancellationToken cancellationToken)
        where T : class;
}
