using LightVm.Contracts;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Dom0.Agent;

/// <summary>The GuestReady answering a spin-up (or an operator's create) with a guest.</summary>
internal static class GuestReadyMessage
{
    public static GuestReady For(Guest guest, SpinUpGuest command, string agentId, bool cold, GuestTimings timings) => new()
    {
        GuestId = guest.Id,
        Service = guest.Service,
        RequestId = command.RequestId,
        AgentId = agentId,
        Driver = guest.Driver,
        Accelerator = guest.Shell.Accelerator,
        Endpoint = guest.Endpoint,
        CreatedAt = guest.CreatedAt,
        ColdShell = cold,
        Timings = timings,
    };
}
