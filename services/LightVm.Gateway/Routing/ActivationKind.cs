namespace LightVm.Gateway.Routing;

public enum ActivationKind
{
    /// <summary>A guest was ready: forwarded at once.</summary>
    Warm,

    /// <summary>Held while a guest was created.</summary>
    Cold,

    /// <summary>Held while a paused guest was resumed.</summary>
    Resumed,

    /// <summary>Refused: maxHeld requests already held.</summary>
    Full,

    /// <summary>Refused: no guest within startTimeout.</summary>
    Timeout,

    /// <summary>Refused: the guest could not be started.</summary>
    Failed,
}
