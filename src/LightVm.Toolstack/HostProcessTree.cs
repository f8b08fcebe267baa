using System.Globalization;

namespace LightVm.Toolstack;

/// <summary>
/// The host processes of one guest, read from /proc: the root and its descendants (each thread's
/// <c>children</c> file, so the cost is the tree's size, not the host's process count, unlike
/// <c>Process.Kill(entireProcessTree: true)</c>, which reads every /proc entry). UML runs each guest address
/// space as a ptraced host process; those must never receive SIGSTOP (the UML kernel treats an unexpected stop
/// of a traced child as fatal), so <see cref="Untraced"/> lists only the kernel's own processes.
/// </summary>
public static class HostProcessTree
{
    public static List<int> Descendants(int root)
    {
        var result = new List<int>();
        var queue = new Queue<int>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            var pid = queue.Dequeue();
            result.Add(pid);
            foreach (var child in Children(pid))
            {
                queue.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>The processes of the tree that no one traces (the UML kernel and its helpers, and the sandbox's unshare).</summary>
    public static List<int> Untraced(int root) => Descendants(root).Where(pid => TracerPid(pid) == 0).ToList();

    private static IEnumerable<int> Children(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks))
        {
            yield break;
        }

        string[] threads;
        try
        {
            threads = Directory.GetDirectories(tasks);
        }
        catch (DirectoryNotFoundException)
        {
            yield break;
        }

        foreach (var thread in threads)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(thread, "children"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return int.Parse(word, CultureInfo.InvariantCulture);
            }
        }
    }

    private static int TracerPid(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("TracerPid:", StringComparison.Ordinal))
                {
                    return int.Parse(line.AsSpan("TracerPid:".Length).Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone: nothing to stop.
        }

        return -1;
    }
}
