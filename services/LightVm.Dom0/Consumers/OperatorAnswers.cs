using LightVm.Dom0.Operator;
using MassTransit;

namespace LightVm.Dom0.Consumers;

/// <summary>Sends an <see cref="OperatorAnswer{TDone}"/> back to a request: what was done, or the refusal; nothing when the guest is not this agent's.</summary>
internal static class OperatorAnswers
{
    public static Task AnswerAsync<TDone>(this ConsumeContext context, OperatorAnswer<TDone> answer)
        where TDone : class =>
        context.RequestId is null ? Task.CompletedTask
        : answer.Done is { } done ? context.RespondAsync(done)
        : answer.Refused is { } refused ? context.RespondAsync(refused)
        : Task.CompletedTask;
}
