using LightVm.Contracts;

namespace LightVm.Hosting.Bus;

/// <summary>A view of guests kept from their lifecycle events (the gateway's routes, the control API's read model).</summary>
public interface IGuestEventSink
{
    void Apply(GuestReady e);

    void Apply(GuestStartFailed e);

    void Apply(GuestPaused e);

    void Apply(GuestResumed e);

    void Apply(GuestDestroyed e);

    void Apply(GuestFailed e);
}
