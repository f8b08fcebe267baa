using System.Text;
using LightVm.Tinyx.Processes;
using LightVm.Tinyx.Recipes;
using Microsoft.Extensions.Logging;

namespace LightVm.Tinyx.Kernels;

/// <summary>
/// Builds Tinyx kernels from Debian's <c>linux-source-6.1</c>: <c>make tinyconfig</c>, the common and platform
/// fragments merged with <c>merge_config.sh -m</c>, <c>make olddefconfig</c>, then <c>make bzImage</c> (qemu)
/// or <c>make linux</c> (uml, ARCH=um). Each platform keeps one build directory
/// (<c>&lt;cache&gt;/build/&lt;platform&gt;</c>, make's O=) so a rebuild is incremental, and finished kernels
/// are cached by config hash under <c>&lt;cache&gt;/kernels/&lt;platform&gt;-&lt;hash&gt;/</c>.
/// </summary>
public sealed class KernelBuilder(TinyxPaths paths, RepositoryLayout repository, ILogger logger, TimeProvider time)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(15);

    public async Task<KernelConfig> ConfigAsync(TinyxPlatform platform, CancellationToken cancellationToken) =>
        await KernelConfig.LoadAsync(KernelTarget.For(platform), repository.KernelFragments, cancellationToken).ConfigureAwait(false);

    /// <summary>The cached kernel for the current fragments, or null when it has not been built.</summary>
    public async Task<KernelArtifact?> FindCachedAsync(TinyxPlatform platform, CancellationToken cancellationToken)
    {
        var config = await ConfigAsync(platform, cancellationToken).ConfigureAwait(false);
        var artifact = new KernelArtifact(config, Path.Combine(paths.Kernels, config.CacheName), FromCache: true);
        return File.Exists(artifact.ImagePath) && File.Exists(artifact.ConfigPath) ? artifact : null;
    }

    /// <summary>Returns the cached kernel, building and caching it first when the config changed.</summary>
    public async Task<KernelArtifact> EnsureAsync(TinyxPlatform platform, CancellationToken cancellationToken)
    {
        if (await FindCachedAsync(platform, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            logger.KernelCached(cached.Config.Target.PlatformName, cached.Config.CacheName, cached.ImagePath);
            return cached;
        }

        var config = await ConfigAsync(platform, cancellationToken).ConfigureAwait(false);
        var buildDirectory = paths.KernelBuild(config.Target.PlatformName);
        var cacheDirectory = Path.Combine(paths.Kernels, config.CacheName);
        var partial = cacheDirectory + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }

        Directory.CreateDirectory(partial);
        var log = Path.Combine(partial, "build.log");
        var built = await MakeAsync(config, buildDirectory, log, cancellationToken).ConfigureAwait(false);
        File.Copy(built, Path.Combine(partial, config.Target.FileName), overwrite: true);
        File.Copy(Path.Combine(buildDirectory, ".config"), Path.Combine(partial, "config"), overwrite: true);
        await File.WriteAllTextAsync(
            Path.Combine(partial, "inputs"),
            $"{KernelConfig.SourcePackage} {config.SourceVersion}\nsha256 {config.Hash}\n--- common.config\n{config.CommonFragment}\n--- {config.Target.Fragment}\n{config.PlatformFragment}",
            cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(cacheDirectory))
        {
            Directory.Delete(cacheDirectory, recursive: true);
        }

        Directory.Move(partial, cacheDirectory);
        var artifact = new KernelArtifact(config, cacheDirectory, FromCache: false);
        logger.KernelBuilt(config.Target.PlatformName, artifact.ImagePath, artifact.Size, cacheDirectory);
        return artifact;
    }

    /// <summary>
    /// Configures and builds <paramref name="config"/> in <paramref name="buildDirectory"/> (make's O=), logging
    /// every line of make's output to <paramref name="logPath"/>; returns the built kernel's path.
    /// </summary>
    public async Task<string> MakeAsync(KernelConfig config, string buildDirectory, string logPath, CancellationToken cancellationToken)
    {
        var source = await EnsureSourceAsync(cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(buildDirectory);
        RefuseConcurrentMake(buildDirectory);
        using var buildLock = Lock(buildDirectory);
        var target = config.Target;
        var fragments = Path.Combine(buildDirectory, ".lightvm-fragments");
        Directory.CreateDirectory(fragments);
        var common = Path.Combine(fragments, "common.config");
        var platform = Path.Combine(fragments, target.Fragment);
        await File.WriteAllTextAsync(common, config.CommonFragment, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(platform, config.PlatformFragment, cancellationToken).ConfigureAwait(false);

        await using var log = new StreamWriter(logPath, append: false, Encoding.UTF8);
        var environment = new Dictionary<string, string> { ["ARCH"] = target.Arch, ["LC_ALL"] = "C" };
        string[] make = ["-C", source, $"ARCH={target.Arch}", $"O={buildDirectory}"];
        await StepAsync($"kernel {target.PlatformName}: make tinyconfig", "make", [.. make, "tinyconfig"], source, environment, log, cancellationToken).ConfigureAwait(false);
        await StepAsync(
            $"kernel {target.PlatformName}: merge_config.sh -m common.config {target.Fragment}",
            Path.Combine(source, "scripts/kconfig/merge_config.sh"),
            ["-m", "-O", buildDirectory, Path.Combine(buildDirectory, ".config"), common, platform],
            source, environment, log, cancellationToken).ConfigureAwait(false);
        await StepAsync($"kernel {target.PlatformName}: make olddefconfig", "make", [.. make, "olddefconfig"], source, environment, log, cancellationToken).ConfigureAwait(false);
        var final = await File.ReadAllTextAsync(Path.Combine(buildDirectory, ".config"), cancellationToken).ConfigureAwait(false);
        foreach (var missing in MissingOptions(config, final))
        {
            logger.KernelOptionDropped(target.PlatformName, missing);
            await log.WriteLineAsync($"lightvm: {missing} is in the fragments but not in the final .config").ConfigureAwait(false);
        }

        await StepAsync(
            $"kernel {target.PlatformName}: make -j{Environment.ProcessorCount} {target.MakeTarget}",
            "make", [.. make, $"-j{Environment.ProcessorCount}", target.MakeTarget], source, environment, log, cancellationToken).ConfigureAwait(false);
        var built = Path.Combine(buildDirectory, target.BuiltFile);
        return File.Exists(built) ? built : throw new TinyxException($"make {target.MakeTarget} succeeded but left no {built}; see {logPath}");
    }

    /// <summary>Fragment settings the final .config does not have (a missing dependency, or not on this architecture).</summary>
    public static IReadOnlyList<string> MissingOptions(KernelConfig config, string finalConfig)
    {
        var lines = finalConfig.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        return KernelConfig.Options(config.CommonFragment).Concat(KernelConfig.Options(config.PlatformFragment))
            .Where(o => !lines.Contains($"{o.Key}={o.Value}") && !(o.Value == "n" && lines.Contains($"# {o.Key} is not set")))
            .Select(o => $"{o.Key}={o.Value}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private async Task<string> EnsureSourceAsync(CancellationToken cancellationToken)
    {
        var source = paths.KernelSource;
        if (File.Exists(Path.Combine(source, "Makefile")))
        {
            return source;
        }

        await KernelConfig.SourceVersionAsync(cancellationToken).ConfigureAwait(false);
        var tarball = TinyxPaths.KernelSourceTarball;
        if (!File.Exists(tarball))
        {
            throw new TinyxException($"{tarball} is missing although {KernelConfig.SourcePackage} is installed; reinstall the package");
        }

        var parent = Path.GetDirectoryName(source)!;
        Directory.CreateDirectory(parent);
        var step = $"extracting {tarball} into {parent}";
        logger.Step(step);
        var started = time.GetTimestamp();
        await ProcessRunner.RunCheckedAsync("tar", ["-xaf", tarball, "-C", parent], step, cancellationToken).ConfigureAwait(false);
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        logger.StepDone(step, seconds);
        return File.Exists(Path.Combine(source, "Makefile"))
            ? source
            : throw new TinyxException($"{tarball} did not extract to {source}");
    }

    private async Task StepAsync(
        string step, string program, IReadOnlyList<string> arguments, string directory, Dictionary<string, string> environment, StreamWriter log, CancellationToken cancellationToken)
    {
        logger.Step(step);
        await log.WriteLineAsync($"### {step}: {program} {string.Join(' ', arguments)}").ConfigureAwait(false);
        var started = time.GetTimestamp();
        var lines = 0;
        var last = string.Empty;
        var gate = new object();
        using var timer = time.CreateTimer(
            _ =>
            {
                int count;
                string latest;
                lock (gate)
                {
                    count = lines;
                    latest = last;
                }

                var seconds = time.GetElapsedTime(started).TotalSeconds;
                var detail = $"{count} build steps, last: {latest}";
                logger.Progress(step, seconds, detail);
            },
            null,
            ProgressEvery,
            ProgressEvery);
        var result = await ProcessRunner.RunAsync(
            program, arguments, cancellationToken, directory, environment,
            onLine: line =>
            {
                lock (gate)
                {
                    log.WriteLine(line);
                    lines++;
                    last = line.Trim();
                }
            }).ConfigureAwait(false);
        await log.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new TinyxException($"{step} failed (exit {result.ExitCode}); the log is {((FileStream)log.BaseStream).Name}:\n{result.Tail()}");
        }

        var elapsed = time.GetElapsedTime(started).TotalSeconds;
        logger.StepDone(step, elapsed);
    }

    /// <summary>Refuses to run make in a build directory another make (for example one started by hand) is using.</summary>
    private static void RefuseConcurrentMake(string buildDirectory)
    {
        var full = Path.GetFullPath(buildDirectory).TrimEnd('/');
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string[] argv;
            try
            {
                argv = File.ReadAllText(Path.Combine(proc, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (argv.Length > 0 && Path.GetFileName(argv[0]) == "make"
                && argv.Any(a => a == $"O={full}" || a == $"O={full}/" || a == full))
            {
                throw new TinyxException($"another make (pid {pid}: {string.Join(' ', argv)}) is building in {full}; wait for it to finish, then run this again (an unchanged config is then a quick no-op)");
            }
        }
    }

    private static FileStream Lock(string buildDirectory)
    {
        var path = buildDirectory.TrimEnd('/') + ".lock";
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new TinyxException($"{buildDirectory} is locked by another lightvm tinyx build ({path}); wait for it to finish", e);
        }
    }
}
