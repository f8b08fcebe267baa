using LightVm.Tinyx.Processes;
using Microsoft.Extensions.Logging;

namespace LightVm.Tinyx.Debian;

/// <summary>
/// A <c>debootstrap --variant=minbase</c> root of a Debian suite, made once from the mirror apt uses and kept
/// under <c>&lt;cache&gt;/debootstrap/&lt;suite&gt;-minbase</c>. Never modified after it is complete:
/// package installs go to overlays above it.
/// </summary>
public sealed class DebootstrapBase(TinyxPaths paths, ILogger logger, TimeProvider time)
{
    private const string Marker = ".lightvm-complete";

    public async Task<string> EnsureAsync(string suite, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(paths.Debootstrap, suite + "-minbase");
        if (File.Exists(Path.Combine(directory, Marker)))
        {
            logger.BaseCached(directory);
            return directory;
        }

        RequireRoot("debootstrap");
        var mirror = AptMirror.Find(suite);
        var temporary = directory + ".partial";
        if (Directory.Exists(temporary))
        {
            Directory.Delete(temporary, recursive: true);
        }

        Directory.CreateDirectory(paths.Debootstrap);
        var step = $"debootstrap --variant=minbase {suite} from {mirror}";
        logger.Step(step);
        var started = time.GetTimestamp();
        await ProcessRunner.RunCheckedAsync(
            "debootstrap", ["--variant=minbase", suite, temporary, mirror], step, cancellationToken,
            onLine: line =>
            {
                if (line.StartsWith("I: Retrieving", StringComparison.Ordinal) || line.StartsWith("I: Installing", StringComparison.Ordinal) || line.StartsWith("I: Configuring", StringComparison.Ordinal) || line.StartsWith("I: Base system", StringComparison.Ordinal))
                {
                    logger.ToolOutput(line);
                }
            }).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(temporary, Marker), $"{suite} minbase {mirror}\n", cancellationToken).ConfigureAwait(false);
        Directory.Move(temporary, directory);
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        logger.StepDone(step, seconds);
        return directory;
    }

    internal static void RequireRoot(string what)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new TinyxException($"{what} needs root (mounts and chroot); run lightvm tinyx as root");
        }
    }
}
