using System.Globalization;
using LightVm.Tinyx.Recipes;
using Microsoft.Extensions.Logging;

namespace LightVm.Tinyx.Kernels;

/// <summary>
/// The LightVM paper's trimming heuristic over a platform fragment: drop one option, rebuild, boot-test the
/// image; keep the option only if the build or the test fails. The trimmed fragment is written back to
/// <c>ops/kernel/&lt;platform&gt;.config</c>. It rebuilds once per option (hours on 2 cores), in its own build
/// directory (<c>&lt;cache&gt;/build/&lt;platform&gt;-trim</c>), so it is run by hand, never by CI or tests.
/// <c>common.config</c> is shared by both platforms and is not trimmed.
/// </summary>
public sealed class KernelTrimmer(TinyxPaths paths, RepositoryLayout repository, ILogger logger, TimeProvider time)
{
    public async Task<TrimResult> TrimAsync(
        TinyxPlatform platform, string initramfs, string readyLine, TimeSpan bootTimeout, int memoryMiB, CancellationToken cancellationToken)
    {
        if (!File.Exists(initramfs))
        {
            throw new TinyxException($"{initramfs} does not exist; build the image to test with first (lightvm tinyx build <recipe> --platform {platform.Name()})");
        }

        var builder = new KernelBuilder(paths, repository, logger, time);
        var tester = new BootTester(time);
        var config = await builder.ConfigAsync(platform, cancellationToken).ConfigureAwait(false);
        var buildDirectory = paths.KernelBuild(platform.Name() + "-trim");
        var logPath = buildDirectory.TrimEnd('/') + ".log";
        Directory.CreateDirectory(buildDirectory);

        async Task<(bool Passed, long Size, string Why)> TryAsync(KernelConfig candidate)
        {
            string kernel;
            try
            {
                kernel = await builder.MakeAsync(candidate, buildDirectory, logPath, cancellationToken).ConfigureAwait(false);
            }
            catch (TinyxException e)
            {
                return (false, 0, "build failed: " + e.Message.Split('\n')[0]);
            }

            var boot = await tester.BootAsync(platform, kernel, initramfs, readyLine, bootTimeout, memoryMiB, cancellationToken).ConfigureAwait(false);
            var seconds = boot.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
            return (boot.Ready, new FileInfo(kernel).Length, boot.Ready ? $"boots in {seconds} s" : "boot test failed");
        }

        var baseline = await TryAsync(config).ConfigureAwait(false);
        if (!baseline.Passed)
        {
            throw new TinyxException($"the untrimmed {platform.Name()} kernel fails the boot test ({baseline.Why}); make it pass before trimming");
        }

        var lines = config.PlatformFragment.Split('\n').ToList();
        var options = KernelConfig.Options(config.PlatformFragment);
        var removed = new List<string>();
        var kept = new List<string>();
        var size = baseline.Size;
        var platformName = platform.Name();
        for (var i = 0; i < options.Count; i++)
        {
            var option = $"{options[i].Key}={options[i].Value}";
            var without = lines.Where(l => l.Trim() != option).ToList();
            var candidate = config with { PlatformFragment = string.Join('\n', without) };
            var (passed, candidateSize, why) = await TryAsync(candidate).ConfigureAwait(false);
            if (passed)
            {
                removed.Add(option);
                lines = without;
                config = candidate;
                size = candidateSize;
            }
            else
            {
                kept.Add(option);
            }

            var verdict = passed ? $"removed ({why})" : $"kept ({why})";
            logger.TrimVerdict(platformName, option, verdict, i + 1, options.Count);
        }

        var fragment = Path.Combine(repository.KernelFragments, KernelTarget.For(platform).Fragment);
        if (removed.Count > 0)
        {
            lines.Insert(0, $"# Trimmed by `lightvm tinyx kernel {platform.Name()} --trim` on {time.GetUtcNow():yyyy-MM-dd} against {initramfs}: removed {string.Join(", ", removed)}");
            await File.WriteAllTextAsync(fragment, string.Join('\n', lines), cancellationToken).ConfigureAwait(false);
        }

        return new TrimResult(removed, kept, fragment, baseline.Size, size);
    }
}
