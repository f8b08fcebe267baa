namespace LightVm.LoadTesting.Machine;

/// <summary>The host's load average (1, 5, 15 minutes) from /proc/loadavg: other work on a shared host inflates every figure.</summary>
public static class LoadAverage
{
    public static string Read()
    {
        try
        {
            return string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
