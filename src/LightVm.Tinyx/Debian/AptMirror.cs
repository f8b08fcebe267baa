namespace LightVm.Tinyx.Debian;

/// <summary>
/// Finds the Debian mirror the host's apt already uses for a suite (one-line <c>sources.list</c> files and
/// deb822 <c>.sources</c> files), so debootstrap goes where apt goes: the only network these hosts have.
/// </summary>
public static class AptMirror
{
    public static string Find(string suite, string root = "/")
    {
        var files = new List<string>();
        var main = Path.Combine(root, "etc/apt/sources.list");
        if (File.Exists(main))
        {
            files.Add(main);
        }

        var directory = Path.Combine(root, "etc/apt/sources.list.d");
        if (Directory.Exists(directory))
        {
            files.AddRange(Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".list", StringComparison.Ordinal) || f.EndsWith(".sources", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        }

        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var found = file.EndsWith(".sources", StringComparison.Ordinal) ? FromDeb822(text, suite) : FromOneLine(text, suite);
            if (found is not null)
            {
                return found.TrimEnd('/');
            }
        }

        throw new TinyxException($"no apt source for suite '{suite}' in {string.Join(", ", files)}; debootstrap needs the Debian mirror apt uses");
    }

    public static string? FromOneLine(string text, string suite)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
            if (parts.Count < 3 || parts[0] != "deb")
            {
                continue;
            }

            if (parts[1].StartsWith('['))
            {
                // Options such as [arch=amd64 signed-by=...] sit between "deb" and the URI.
                var end = parts.FindIndex(p => p.EndsWith(']'));
                parts.RemoveRange(1, end);
            }

            if (parts.Count >= 3 && parts[2] == suite && IsHttp(parts[1]))
            {
                return parts[1];
            }
        }

        return null;
    }

    public static string? FromDeb822(string text, string suite)
    {
        foreach (var stanza in text.Replace("\r", string.Empty, StringComparison.Ordinal).Split("\n\n"))
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in stanza.Split('\n'))
            {
                if (line.StartsWith('#'))
                {
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && !char.IsWhiteSpace(line[0]))
                {
                    fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            if (fields.TryGetValue("Types", out var types) && types.Split(' ').Contains("deb")
                && fields.TryGetValue("Suites", out var suites) && suites.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(suite)
                && fields.TryGetValue("URIs", out var uris)
                && (!fields.TryGetValue("Enabled", out var enabled) || enabled != "no"))
            {
                var uri = uris.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(IsHttp);
                if (uri is not null)
                {
                    return uri;
                }
            }
        }

        return null;
    }

    private static bool IsHttp(string uri) =>
        uri.StartsWith("http://", StringComparison.Ordinal) || uri.StartsWith("https://", StringComparison.Ordinal);
}
