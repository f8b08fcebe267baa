using Stateless;
using Stateless.Graph;

namespace LightVm.Toolstack.Lifecycle;

/// <summary>
/// The action set of a guest, said once: which trigger is legal in which state.
/// <code>
/// Prepared  --Execute--> Executing --Ready--> Running --Pause--> Paused --Save--> Saved
///                                             Running <--Resume-- Paused
///                                             Running <--Restore--------------- Saved
/// any live state --Fail--> Failed;  any state but Destroyed --Destroy--> Destroyed
/// </code>
/// </summary>
public static class GuestLifecycle
{
    public static StateMachine<GuestState, GuestTrigger> Create(Func<GuestState> read, Action<GuestState> write)
    {
        var machine = new StateMachine<GuestState, GuestTrigger>(read, write);
        Configure(machine);
        return machine;
    }

    /// <summary>The machine as a Mermaid state diagram (docs/guest-lifecycle.md is generated from this).</summary>
    public static string ToMermaid()
    {
        var machine = new StateMachine<GuestState, GuestTrigger>(GuestState.Prepared);
        Configure(machine);
        return MermaidGraph.Format(machine.GetInfo());
    }

    private static void Configure(StateMachine<GuestState, GuestTrigger> machine)
    {
        machine.Configure(GuestState.Prepared)
            .Permit(GuestTrigger.Execute, GuestState.Executing)
            .Permit(GuestTrigger.Fail, GuestState.Failed)
            .Permit(GuestTrigger.Destroy, GuestState.Destroyed);
        machine.Configure(GuestState.Executing)
            .Permit(GuestTrigger.Ready, GuestState.Running)
            .Permit(GuestTrigger.Fail, GuestState.Failed)
            .Permit(GuestTrigger.Destroy, GuestState.Destroyed);
        machine.Configure(GuestState.Running)
            .Permit(GuestTrigger.Pause, GuestState.Paused)
            .Permit(GuestTrigger.Fail, GuestState.Failed)
            .Permit(GuestTrigger.Destroy, GuestState.Destroyed);
        machine.Configure(GuestState.Paused)
            .Permit(GuestTrigger.Resume, GuestState.Running)
            .Permit(GuestTrigger.Save, GuestState.Saved)
            .Permit(GuestTrigger.Fail, GuestState.Failed)
            .Permit(GuestTrigger.Destroy, GuestState.Destroyed);
        machine.Configure(GuestState.Saved)
            .Permit(GuestTrigger.Restore, GuestState.Running)
            .Permit(GuestTrigger.Fail, GuestState.Failed)
            .Permit(GuestTrigger.Destroy, GuestState.Destroyed);
        machine.Configure(GuestState.Failed)
            .Permit(GuestTrigger.Destroy, GuestState.Destroyed);
        machine.Configure(GuestState.Destroyed);
    }
}
