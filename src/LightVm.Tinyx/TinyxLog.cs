using Microsoft.Extensions.Logging;

namespace LightVm.Tinyx;

/// <summary>Source-generated log messages of Tinyx (event ids 6000-6099).</summary>
internal static partial class TinyxLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "{Step}")]
    public static partial void Step(this ILogger logger, string step);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "{Step} done in {Seconds:0.0} s")]
    public static partial void StepDone(this ILogger logger, string step, double seconds);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "{Step}: still running, {Seconds:0} s, {Detail}")]
    public static partial void Progress(this ILogger logger, string step, double seconds, string detail);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Kernel {Platform} {Hash} found in the cache: {Path}")]
    public static partial void KernelCached(this ILogger logger, string platform, string hash, string path);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Kernel {Platform}: {Option} is in the fragments but not in the final .config (a dependency is missing or it does not exist for this architecture)")]
    public static partial void KernelOptionDropped(this ILogger logger, string platform, string option);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Information, Message = "Kernel {Platform} built: {Path} ({Bytes} bytes) cached under {Cache}")]
    public static partial void KernelBuilt(this ILogger logger, string platform, string path, long bytes, string cache);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Information, Message = "Trim {Platform}: {Option}: {Verdict} ({Index}/{Count})")]
    public static partial void TrimVerdict(this ILogger logger, string platform, string option, string verdict, int index, int count);

    [LoggerMessage(EventId = 6030, Level = LogLevel.Information, Message = "Debootstrap base found: {Path}")]
    public static partial void BaseCached(this ILogger logger, string path);

    [LoggerMessage(EventId = 6031, Level = LogLevel.Information, Message = "Package overlay for {Package} found: {Path}")]
    public static partial void OverlayCached(this ILogger logger, string package, string path);

    [LoggerMessage(EventId = 6040, Level = LogLevel.Information, Message = "Image {Name}: {Files} entries, {Bytes} bytes of files; written to {Output}")]
    public static partial void ImageWritten(this ILogger logger, string name, int files, long bytes, string output);

    [LoggerMessage(EventId = 6041, Level = LogLevel.Debug, Message = "{Line}")]
    public static partial void ToolOutput(this ILogger logger, string line);
}
