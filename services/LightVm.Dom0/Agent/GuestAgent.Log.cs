using Microsoft.Extensions.Logging;

namespace LightVm.Dom0.Agent;

public sealed partial class GuestAgent
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Guest {GuestId} of {Service} ready at {Endpoint} (cold shell: {Cold}; shell {ShellMs:0.00} ms, execute {ExecuteMs:0.00} ms, ready {ReadyMs:0.00} ms)")]
    private partial void LogReady(string service, Guid guestId, Uri endpoint, bool cold, double shellMs, double executeMs, double readyMs);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "A guest of {Service} did not start: {Reason}")]
    private partial void LogStartFailed(string service, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Guest {GuestId} of {Service} resumed in {ResumeMs:0.00} ms")]
    private partial void LogResumed(string service, Guid guestId, double resumeMs);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Guest {GuestId} of {Service} destroyed: {Reason}")]
    private partial void LogDestroyed(string service, Guid guestId, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Guest {GuestId} of {Service} failed: {Reason}")]
    private partial void LogCrashed(string service, Guid guestId, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning,
        Message = "Spin-up of {Service} dropped: the request waited {WaitedMs:0} ms for the agent, past its startTimeout of {TimeoutMs:0} ms")]
    private partial void LogStale(string service, double waitedMs, double timeoutMs);
}
