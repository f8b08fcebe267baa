namespace LightVm.Tinyx.Elf;

/// <summary>
/// The directories the dynamic loader of a root file system searches after <c>DT_RPATH</c>/<c>DT_RUNPATH</c>:
/// those of <c>/etc/ld.so.conf</c> (with its <c>include</c> globs), then the built-in x86-64 defaults.
/// </summary>
public static class LibrarySearchPath
{
    public static readonly IReadOnlyList<string> Defaults =
        ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"];

    /// <summary>Reads <c>etc/ld.so.conf</c> under <paramref name="root"/>; missing files give only the defaults.</summary>
    public static IReadOnlyList<string> Load(string root)
    {
        var result = new List<string>();
        Read(root, "/etc/ld.so.conf", result, depth: 0);
        foreach (var d in Defaults)
        {
            if (!result.Contains(d, StringComparer.Ordinal))
            {
                result.Add(d);
            }
        }

        return result;
    }

    private static void Read(string root, string file, List<string> result, int depth)
    {
        var host = Host(root, file);
        if (depth > 8 || !File.Exists(host))
        {
            return;
        }

        foreach (var raw in File.ReadLines(host))
        {
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("include", StringComparison.Ordinal) && line.Length > 7 && char.IsWhiteSpace(line[7]))
            {
                foreach (var pattern in line[8..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    var absolute = pattern.StartsWith('/') ? pattern : Path.Combine(Path.GetDirectoryName(file)!, pattern);
                    foreach (var included in Glob(root, absolute))
                    {
                        Read(root, included, result, depth + 1);
                    }
                }

                continue;
            }

            if (line.StartsWith("hwcap", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var dir in line.Split([' ', '\t', ':', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                if (dir.StartsWith('/') && !result.Contains(dir, StringComparer.Ordinal))
                {
                    result.Add(dir.TrimEnd('/'));
                }
            }
        }
    }

    /// <summary>Expands a glob whose wildcards are in the last path component only (what ld.so.conf uses).</summary>
    private static IEnumerable<string> Glob(string root, string pattern)
    {
        var directory = Path.GetDirectoryName(pattern)!;
        var name = Path.GetFileName(pattern);
        var hostDirectory = Host(root, directory);
        if (!Directory.Exists(hostDirectory))
        {
            return [];
        }

        return Directory.EnumerateFiles(hostDirectory, name)
            .Select(f => directory.TrimEnd('/') + "/" + Path.GetFileName(f))
            .Order(StringComparer.Ordinal);
    }

    private static string Host(string root, string path) => root == "/" ? path : root.TrimEnd('/') + path;
}
