using System.Net;
using Microsoft.Extensions.Logging;

namespace LightVm.Toolstack.Drivers.Qemu;

public sealed partial class QemuDriver
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "Prepared qemu shell {ShellId} for {Service}: pid {Pid}, endpoint {Endpoint}, {Accelerator}, booted in {BootMs:0.0} ms")]
    private partial void LogPrepared(string service, Guid shellId, int pid, IPEndPoint endpoint, QemuAccelerator accelerator, double bootMs);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Debug, Message = "Destroyed qemu shell {ShellId} of {Service}")]
    private partial void LogDestroyed(string service, Guid shellId);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Destroying qemu shell {ShellId} of {Service}: {Problem}")]
    private partial void LogDestroyProblem(string service, Guid shellId, string problem);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Information, Message = "qemu driver: guests run under {Accelerator} ({Reason})")]
    private partial void LogAccelerator(QemuAccelerator accelerator, string reason);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "qemu guest {ShellId} of {Service} ended: {How}")]
    private partial void LogExited(string service, Guid shellId, string how);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Debug, Message = "Saved qemu guest {ShellId} of {Service} to {Path} in {SaveMs:0.0} ms")]
    private partial void LogSaved(string service, Guid shellId, string path, double saveMs);

    [LoggerMessage(EventId = 1507, Level = LogLevel.Debug, Message = "Restored qemu guest {ShellId} of {Service} from {Path} in {RestoreMs:0.0} ms")]
    private partial void LogRestored(string service, Guid shellId, string path, double restoreMs);

    [LoggerMessage(EventId = 1508, Level = LogLevel.Information, Message = "qemu driver: guests are networked by {Network} ({Reason})")]
    private partial void LogNetwork(QemuNetwork network, string reason);
}
