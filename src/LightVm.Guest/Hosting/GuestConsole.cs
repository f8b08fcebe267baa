namespace LightVm.Guest.Hosting;

/// <summary>
/// The guest's log: what it says on standard output (listening, poweroff, one line per flow), problems on standard
/// error. A log nobody reads any more is not a reason to stop serving.
/// </summary>
public static class GuestConsole
{
    public static void Say(string line) => Write(Console.Out, line);

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
