namespace LightVm.Toolstack;

/// <summary>Copies a guest's stdout and stderr into its console log and buffer until both end.</summary>
public static class ConsolePump
{
    public static async Task RunAsync(StreamReader stdout, StreamReader stderr, string logPath, ConsoleBuffer buffer, Action<string>? onLine = null)
    {
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        await using (log.ConfigureAwait(false))
        {
            await Task.WhenAll(Pump(stdout), Pump(stderr)).ConfigureAwait(false);
        }

        async Task Pump(StreamReader reader)
        {
            try
            {
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    buffer.Add(line);
                    onLine?.Invoke(line);
                    lock (log)
                    {
                        log.WriteLine(line);
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The guest is gone; nothing more to copy.
            }
        }
    }
}
