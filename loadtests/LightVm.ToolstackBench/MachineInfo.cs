using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>What the figures were measured on, and from which commit.</summary>
internal sealed record MachineInfo(int Cores, string Cpu, string Memory, string Kernel, string Dotnet, string Runc, string Commit, bool Dirty, DateTimeOffset Date)
{
    public string CommitLabel => Commit + (Dirty ? "+uncommitted" : string.Empty);

    public static async Task<MachineInfo> CollectAsync(string repoRoot)
    {
        var memoryKb = HostMemory.ReadKb("MemTotal");
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? (await File.ReadAllTextAsync("/proc/sys/kernel/osrelease").ConfigureAwait(false)).Trim() : "?";
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        var commit = await HostCommand.RunAsync("git", ["-C", repoRoot, "rev-parse", "--short", "HEAD"]).ConfigureAwait(false);
        var status = await HostCommand.RunAsync("git", ["-C", repoRoot, "status", "--porcelain"]).ConfigureAwait(false);
        var runc = await HostCommand.RunAsync("runc", ["--version"]).ConfigureAwait(false);
        return new MachineInfo(
            Environment.ProcessorCount,
            cpu,
            memoryKb > 0 ? $"{memoryKb / 1024.0 / 1024.0:0.0} GiB" : "?",
            kernel,
            Environment.Version.ToString(),
            runc.ExitCode == 0 ? runc.Output.Split('\n')[0].Trim() : "?",
            commit.ExitCode == 0 ? commit.Output.Trim() : "?",
            status.ExitCode == 0 && status.Output.Trim().Length > 0,
            DateTimeOffset.UtcNow);
    }
}
