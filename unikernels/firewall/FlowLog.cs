namespace LightVm.FirewallGuest;

/// <summary>
/// The guest's log: one line per flow on standard output (who, method, destination, decision), failures on
/// standard error. Never header contents. A log nobody reads any more is not a reason to stop serving.
/// </summary>
public static class FlowLog
{
    public static void Flow(string line) => Write(Console.Out, line);

    public static void Problem(string line) => Write(Console.Error, line);

    private static void Write(TextWriter writer, string line)
    {
        try
        {
            writer.WriteLine(line);
            writer.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Nobody reads the log any more; serving matters more than saying so.
        }
    }
}
