namespace LightVm.Integration.Tests;

/// <summary>Looks at the host's real process table.</summary>
internal static class Processes
{
    /// <summary>Pids of live processes whose command line contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> WithCommandLine(string text)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var status = File.ReadAllText(Path.Combine(dir, "status"));
                if (cmdline.Contains(text, StringComparison.Ordinal) && !status.Contains("State:\tZ", StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return pids;
    }

    public static async Task<bool> WaitUntilNoneAsync(string text, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            if (WithCommandLine(text).Count == 0)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return WithCommandLine(text).Count == 0;
    }
}
