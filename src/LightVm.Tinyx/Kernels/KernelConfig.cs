using System.Security.Cryptography;
using System.Text;
using LightVm.Tinyx.Processes;

namespace LightVm.Tinyx.Kernels;

/// <summary>
/// The inputs of one Tinyx kernel: the <c>linux-source-6.1</c> package version and the two fragments
/// (<c>common.config</c>, <c>&lt;platform&gt;.config</c>) applied over <c>make tinyconfig</c>. Their SHA-256
/// names the kernel in the cache, so an unchanged config is never rebuilt.
/// </summary>
public sealed record KernelConfig(KernelTarget Target, string SourceVersion, string CommonFragment, string PlatformFragment)
{
    public const string SourcePackage = "linux-source-6.1";

    /// <summary>SHA-256 (hex) over the package version and the fragments' bytes (computed, so <c>with</c> copies stay right).</summary>
    public string Hash => ComputeHash(SourceVersion, CommonFragment, PlatformFragment, Target.Fragment);

    /// <summary>The cache folder name: <c>&lt;platform&gt;-&lt;first 16 hex digits of the hash&gt;</c>.</summary>
    public string CacheName => $"{Target.PlatformName}-{Hash[..16]}";

    public static async Task<KernelConfig> LoadAsync(KernelTarget target, string fragmentsDirectory, CancellationToken cancellationToken)
    {
        var common = Path.Combine(fragmentsDirectory, "common.config");
        var platform = Path.Combine(fragmentsDirectory, target.Fragment);
        foreach (var file in new[] { common, platform })
        {
            if (!File.Exists(file))
            {
                throw new TinyxException($"kernel config fragment {file} does not exist");
            }
        }

        var version = await SourceVersionAsync(cancellationToken).ConfigureAwait(false);
        return new KernelConfig(
            target,
            version,
            await File.ReadAllTextAsync(common, cancellationToken).ConfigureAwait(false),
            await File.ReadAllTextAsync(platform, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<string> SourceVersionAsync(CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync("dpkg-query", ["-W", "-f=${Version}", SourcePackage], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded || result.StandardOutput.Trim().Length == 0)
        {
            throw new TinyxException($"{SourcePackage} is not installed; install it (apt-get install {SourcePackage}, ops/setup.sh does) to build Tinyx kernels");
        }

        return result.StandardOutput.Trim();
    }

    /// <summary>The <c>CONFIG_X=value</c> settings of a fragment, in order (comments and blank lines skipped).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Options(string fragment) =>
        fragment.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("CONFIG_", StringComparison.Ordinal) && l.Contains('=', StringComparison.Ordinal))
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf('=', StringComparison.Ordinal)], l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .ToList();

    private static string ComputeHash(string version, string common, string platform, string platformName)
    {
        var text = $"{SourcePackage} {version}\n--- common.config\n{common}\n--- {platformName}\n{platform}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
