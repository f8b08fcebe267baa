using System.Globalization;

namespace LightVm.Toolstack;

/// <summary>Fields of a host process's <c>/proc/&lt;pid&gt;/status</c>, next to <see cref="HostProcessTree"/>.</summary>
public static class HostProcessStatus
{
    /// <summary>The process's resident set (VmRSS), in KiB; 0 when it cannot be read (gone, or no such field).</summary>
    public static long ResidentKib(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return 0; // Gone meanwhile.
        }
    }
}
