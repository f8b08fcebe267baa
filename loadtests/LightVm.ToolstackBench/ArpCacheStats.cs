using System.Globalization;

namespace LightVm.ToolstackBench;

/// <summary>
/// The kernel's IPv4 neighbour (ARP) table counters from /proc/net/stat/arp_cache: one table for all network
/// namespaces, so every guest's entries count against the host's net.ipv4.neigh.default.gc_thresh3. When it is
/// full the kernel drops the packet that needed a new entry (a SYN: retried by TCP after 1 s, 3 s, ...).
/// </summary>
internal sealed record ArpCacheStats(long Entries, long ForcedGcRuns, long TableFulls)
{
    public static ArpCacheStats Read()
    {
        try
        {
            var lines = File.ReadAllLines("/proc/net/stat/arp_cache");
            var header = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var rows = lines.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(r => r.Length == header.Length).ToList();
            long Sum(string column)
            {
                var index = Array.IndexOf(header, column);
                return index < 0 ? -1 : rows.Sum(r => long.Parse(r[index], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }

            var entries = rows.Count > 0 ? long.Parse(rows[0][Array.IndexOf(header, "entries")], NumberStyles.HexNumber, CultureInfo.InvariantCulture) : -1;
            return new ArpCacheStats(entries, Sum("forced_gc_runs"), Sum("table_fulls"));
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return new ArpCacheStats(-1, -1, -1);
        }
    }

    /// <summary>gc_thresh1/2/3 of the host's default neighbour parameters, e.g. "128/512/1024".</summary>
    public static string Thresholds()
    {
        try
        {
            return string.Join('/', new[] { 1, 2, 3 }.Select(i => File.ReadAllText($"/proc/sys/net/ipv4/neigh/default/gc_thresh{i}").Trim()));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
