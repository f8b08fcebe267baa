using System.Diagnostics;

namespace LightVm.LoadTests;

/// <summary>What a figure was measured on: cores, memory, kernel, commit, date.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal)) ?? "?";
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "?";
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory.Split(':')[1].Trim()}, Linux {kernel}, .NET {Environment.Version}, commit {Git("rev-parse --short HEAD")}{(Git("status --porcelain").Length > 0 ? " (+uncommitted changes)" : string.Empty)}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC";
    }

    private static string Git(string args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("git", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
