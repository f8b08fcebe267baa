using Stateless;
using Stateless.Graph;

namespace LightVm.Gateway.Routing;

/// <summary>
/// The gateway's view of a route, said once: which trigger is legal in which state.
/// <code>
/// None/Failed --Start--> Starting --Ready--> Ready --Pause--> Paused --Resume--> Resuming --Resumed--> Ready
/// Starting --StartFailed--> None;  a stale Starting or Resuming sends its command again (reentry)
/// Ready/Paused/Resuming --Remove--> None, --Fail--> Failed;  Ready is legal everywhere (a guest answers)
/// </code>
/// </summary>
public static class RouteLifecycle
{
    public static StateMachine<RouteState, RouteTrigger> Create(Func<RouteState> read, Action<RouteState> write)
    {
        var machine = new StateMachine<RouteState, RouteTrigger>(read, write);
        Configure(machine);
        return machine;
    }

    /// <summary>The machine as a Mermaid state diagram (docs/route-lifecycle.md is generated from this).</summary>
    public static string ToMermaid()
    {
        var machine = new StateMachine<RouteState, RouteTrigger>(RouteState.None);
        Configure(machine);
        return MermaidGraph.Format(machine.GetInfo());
    }

    private static void Configure(StateMachine<RouteState, RouteTrigger> machine)
    {
        machine.Configure(RouteState.None)
            .Permit(RouteTrigger.Start, RouteState.Starting)
            .Permit(RouteTrigger.Ready, RouteState.Ready);
        machine.Configure(RouteState.Starting)
            .PermitReentry(RouteTrigger.Start)
            .Permit(RouteTrigger.Ready, RouteState.Ready)
            .Permit(RouteTrigger.StartFailed, RouteState.None);
        machine.Configure(RouteState.Ready)
            .PermitReentry(RouteTrigger.Ready)
            .PermitReentry(RouteTrigger.Resumed)
            .Permit(RouteTrigger.Pause, RouteState.Paused)
            .Permit(RouteTrigger.Remove, RouteState.None)
            .Permit(RouteTrigger.Fail, RouteState.Failed);
        machine.Configure(RouteState.Paused)
            .Permit(RouteTrigger.Resume, RouteState.Resuming)
            .Permit(RouteTrigger.Resumed, RouteState.Ready)
            .Permit(RouteTrigger.Ready, RouteState.Ready)
            .Permit(RouteTrigger.Remove, RouteState.None)
            .Permit(RouteTrigger.Fail, RouteState.Failed);
        machine.Configure(RouteState.Resuming)
            .PermitReentry(RouteTrigger.Resume)
            .Permit(RouteTrigger.Resumed, RouteState.Ready)
            .Permit(RouteTrigger.Ready, RouteState.Ready)
            .Permit(RouteTrigger.Remove, RouteState.None)
            .Permit(RouteTrigger.Fail, RouteState.Failed);
        machine.Configure(RouteState.Failed)
            .Permit(RouteTrigger.Start, RouteState.Starting)
            .Permit(RouteTrigger.Ready, RouteState.Ready);
    }
}
