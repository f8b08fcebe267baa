using System.Globalization;

namespace LightVm.LoadTesting.Machine;

/// <summary>/proc/meminfo fields, in kB.</summary>
public static class HostMemory
{
    public static long ReadKb(string field)
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var value = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    public static long AvailableKb => ReadKb("MemAvailable");
}
