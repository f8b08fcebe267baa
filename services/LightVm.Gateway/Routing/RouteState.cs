namespace LightVm.Gateway.Routing;

/// <summary>What the gateway knows about a service's guest (see <see cref="RouteLifecycle"/>).</summary>
public enum RouteState
{
    /// <summary>No guest: the next request spins one up.</summary>
    None,

    /// <summary>SpinUpGuest sent; requests are held.</summary>
    Starting,

    /// <summary>A guest answers: forward.</summary>
    Ready,

    /// <summary>The guest is paused: the next request sends ResumeGuest.</summary>
    Paused,

    /// <summary>The guest is paused and ResumeGuest was sent; requests are held.</summary>
    Resuming,

    /// <summary>The guest failed (crashed): the next request spins up a new one.</summary>
    Failed,
}
