using LightVm.Tinyx.Processes;

namespace LightVm.Tinyx.Debian;

/// <summary>
/// Asks dpkg which package ships a path and at which version, in the host's database or in a debootstrap
/// root's (<c>--admindir</c>). Paths are tried as given and under their merged-/usr alias, because Debian
/// 12 packages still name many files under <c>/lib</c> while they live under <c>/usr/lib</c>.
/// </summary>
public sealed class DpkgDatabase(string root)
{
    private static readonly (string Usr, string Legacy)[] Aliases =
        [("/usr/lib64/", "/lib64/"), ("/usr/lib/", "/lib/"), ("/usr/bin/", "/bin/"), ("/usr/sbin/", "/sbin/")];

    private string AdminDir => Path.Combine(root, "var/lib/dpkg");

    public bool Available => Directory.Exists(AdminDir);

    /// <summary>Maps each path to its owning package (<c>libc6:amd64</c>); paths no package ships are absent.</summary>
    public async Task<IReadOnlyDictionary<string, string>> OwnersAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var candidates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            foreach (var alias in AliasesOf(path))
            {
                candidates.TryAdd(alias, path);
            }
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (candidates.Count == 0 || !Available)
        {
            return result;
        }

        foreach (var chunk in candidates.Keys.Chunk(200))
        {
            // Exit code 1 only means some paths belong to no package; the found ones are on stdout.
            var answer = await ProcessRunner.RunAsync("dpkg-query", ["--admindir=" + AdminDir, "-S", .. chunk], cancellationToken).ConfigureAwait(false);
            foreach (var line in answer.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.StartsWith("diversion ", StringComparison.Ordinal))
                {
                    continue;
                }

                var separator = line.IndexOf(": /", StringComparison.Ordinal);
                if (separator <= 0)
                {
                    continue;
                }

                var package = line[..separator].Split(',')[0].Trim();
                var path = line[(separator + 2)..];
                if (candidates.TryGetValue(path, out var original))
                {
                    result.TryAdd(original, package);
                }
            }
        }

        return result;
    }

    /// <summary>Installed versions of the given packages.</summary>
    public async Task<IReadOnlyDictionary<string, string>> VersionsAsync(IEnumerable<string> packages, CancellationToken cancellationToken)
    {
        var list = packages.Distinct(StringComparer.Ordinal).ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (list.Count == 0)
        {
            return result;
        }

        var answer = await ProcessRunner.RunCheckedAsync(
            "dpkg-query", ["--admindir=" + AdminDir, "-W", "-f=${binary:Package}\t${Version}\n", .. list], "dpkg-query -W", cancellationToken).ConfigureAwait(false);
        foreach (var line in answer.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length == 2)
            {
                result[parts[0]] = parts[1];
                result.TryAdd(parts[0].Split(':')[0], parts[1]);
            }
        }

        return result;
    }

    /// <summary>Files (not directories) a package installed, as dpkg lists them.</summary>
    public async Task<IReadOnlyList<string>> FilesOfAsync(string package, CancellationToken cancellationToken)
    {
        var answer = await ProcessRunner.RunCheckedAsync("dpkg-query", ["--admindir=" + AdminDir, "-L", package], $"listing the files of {package}", cancellationToken).ConfigureAwait(false);
        return answer.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.StartsWith('/') && p != "/." && !Directory.Exists(Host(p)))
            .ToList();
    }

    public static IEnumerable<string> AliasesOf(string path)
    {
        yield return path;
        foreach (var (usr, legacy) in Aliases)
        {
            if (path.StartsWith(usr, StringComparison.Ordinal))
            {
                yield return legacy + path[usr.Length..];
                yield break;
            }

            if (path.StartsWith(legacy, StringComparison.Ordinal))
            {
                yield return usr + path[legacy.Length..];
                yield break;
            }
        }
    }

    private string Host(string path) => root == "/" ? path : root.TrimEnd('/') + path;
}
