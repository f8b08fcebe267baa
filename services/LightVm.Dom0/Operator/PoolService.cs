using LightVm.Contracts;
using LightVm.Dom0.Agent;
using LightVm.Policies;
using LightVm.Toolstack.Pool;
using Microsoft.Extensions.Options;

namespace LightVm.Dom0.Operator;

/// <summary>The operator's view of the agent's shell pools (<see cref="Report"/>, read only) and their resizing.</summary>
public sealed class PoolService(PolicySet policies, ShellPool pool, IOptions<Dom0Options> options)
{
    public PoolsReport Report() => new()
    {
        AgentId = options.Value.AgentId,
        Pools = [.. policies.All.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => pool.Stats(p.Name)).Select(s => new PoolReport
        {
            Service = s.Service,
            Ready = s.Ready,
            Target = s.Target,
            ColdCreates = s.ColdCreates,
            Failures = s.Failures,
            Discarded = s.Discarded,
            LastError = s.LastError,
        })],
    };

    /// <summary>Sets the service's pool to the target (nothing for a service this agent has no policy for); answers the pools after.</summary>
    public PoolsReport Resize(ResizePool command)
    {
        if (policies.TryGet(command.Service, out var policy))
        {
            pool.Configure(ServiceShellSpec.For(policy), command.Target);
        }

        return Report();
    }
}
