using System.Globalization;

namespace LightVm.LoadTesting.Platform;

/// <summary>The descendants of a process, from /proc (each process's parent is field 4 of /proc/PID/stat).</summary>
internal static class ProcessTree
{
    public static IReadOnlyList<int> Descendants(int root) => Descendants(root, Children());

    /// <summary>The descendants of <paramref name="root"/> in a <see cref="Children"/> snapshot (the root not included).</summary>
    public static IReadOnlyList<int> Descendants(int root, IReadOnlyDictionary<int, List<int>> children)
    {
        var result = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>One read of /proc: each process's children.</summary>
    public static IReadOnlyDictionary<int, List<int>> Children()
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Gone while we looked.
            }
        }

        return children;
    }
}
