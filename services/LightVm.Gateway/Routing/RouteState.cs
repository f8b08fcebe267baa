namespace LightVm.Gateway.Routing;

/// <summary>What the gateway knows about a service's guest.</summary>
public enum RouteState
{
    /// <summary>No guest: the next request spins one up.</summary>
    None,

    /// <summary>SpinUpGuest sent; requests are held.</summary>
    Starting,

    /// <summary>A guest answers: forward.</summary>
    Ready,

    /// <summary>The guest is paused: ResumeGuest, hold, then forward.</summary>
    Paused,
}
