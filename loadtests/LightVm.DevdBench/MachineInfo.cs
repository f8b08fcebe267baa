using System.Diagnostics;

namespace LightVm.DevdBench;

/// <summary>What the figures were measured on.</summary>
internal sealed record MachineInfo(int Cores, string Cpu, string Memory, string Kernel, string Dotnet, string Commit, bool Dirty, DateTimeOffset Date)
{
    public static MachineInfo Collect(string repoRoot)
    {
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "?";
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        var commit = Git(repoRoot, "rev-parse", "--short", "HEAD");
        var dirty = Git(repoRoot, "status", "--porcelain").Length > 0;
        return new MachineInfo(Environment.ProcessorCount, cpu, memory, kernel, Environment.Version.ToString(), commit.Length > 0 ? commit : "?", dirty, DateTimeOffset.UtcNow);
    }

    private static string Git(string repoRoot, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repoRoot };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            _ = process.StandardError.ReadToEnd();
            return process.WaitForExit(10_000) && process.ExitCode == 0 ? output : string.Empty;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return string.Empty;
        }
    }
}
