using LightVm.Tinyx.Elf;
using LightVm.Tinyx.Processes;
using Microsoft.Extensions.Logging;

namespace LightVm.Tinyx.Apps;

/// <summary>
/// Publishes a .NET project with NativeAOT for linux-x64 and returns the files that belong in an image
/// (debug symbols left out). A publish that produced managed assemblies is refused: guests run native code.
/// </summary>
public sealed class DotnetPublisher(ILogger logger, TimeProvider time)
{
    public async Task<IReadOnlyList<string>> PublishAsync(string project, string output, CancellationToken cancellationToken)
    {
        if (!File.Exists(project))
        {
            throw new TinyxException($"project {project} does not exist");
        }

        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        var step = $"dotnet publish {Path.GetFileName(project)} (NativeAOT, linux-x64)";
        logger.Step(step);
        var started = time.GetTimestamp();
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo", "-p:PublishAot=true", "-p:SelfContained=true"],
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var errors = result.StandardOutput.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct().Take(15);
            throw new TinyxException($"dotnet publish {project} failed (exit {result.ExitCode}):\n{string.Join('\n', errors)}\n{result.Tail(5)}");
        }

        var seconds = time.GetElapsedTime(started).TotalSeconds;
        logger.StepDone(step, seconds);
        var files = Directory.EnumerateFiles(output)
            .Where(f => !f.EndsWith(".dbg", StringComparison.Ordinal) && !f.EndsWith(".pdb", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var managed = files.Where(f => f.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        if (managed.Count > 0 || !files.Any(ElfReader.IsElf))
        {
            throw new TinyxException($"{project} did not publish as NativeAOT (found {string.Join(", ", managed.Select(Path.GetFileName).Take(3))}); set <PublishAot>true</PublishAot> and make sure a native linker (gcc or clang) is installed");
        }

        return files;
    }
}
