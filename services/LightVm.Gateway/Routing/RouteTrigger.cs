namespace LightVm.Gateway.Routing;

/// <summary>What moves a route: the gateway's own commands and the agents' guest events.</summary>
public enum RouteTrigger
{
    /// <summary>The gateway sent SpinUpGuest.</summary>
    Start,

    /// <summary>GuestReady: a guest answers.</summary>
    Ready,

    /// <summary>GuestStartFailed for the SpinUpGuest the route waits for.</summary>
    StartFailed,

    /// <summary>GuestPaused: the agent paused the idle guest.</summary>
    Pause,

    /// <summary>The gateway sent ResumeGuest.</summary>
    Resume,

    /// <summary>GuestResumed: the paused guest answers again.</summary>
    Resumed,

    /// <summary>GuestDestroyed: the guest is gone.</summary>
    Remove,

    /// <summary>GuestFailed: the guest crashed.</summary>
    Fail,
}
