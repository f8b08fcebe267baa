using LightVm.Contracts;

namespace LightVm.Dom0.Operator;

/// <summary>
/// The agent's answer to a command about a guest: what it did (<see cref="Done"/>), or why not
/// (<see cref="Refused"/>); neither when the guest is not this agent's (the agent hosting it answers).
/// </summary>
public sealed record OperatorAnswer<TDone>(TDone? Done, GuestCommandRefused? Refused)
    where TDone : class
{
    public bool IsMine => Done is not null || Refused is not null;
}
