using System.Globalization;

namespace LightVm.LoadTesting.Machine;

/// <summary>What a figure was measured on, from which commit, when.</summary>
public sealed record MachineInfo(
    int Cores,
    string Cpu,
    string Memory,
    string Kernel,
    string Virtualization,
    string Dotnet,
    string Commit,
    bool Dirty,
    DateTimeOffset Date)
{
    /// <summary>The first line of <c>runc --version</c> ("?" without runc): the container benchmarks name it.</summary>
    public string Runc { get; init; } = "?";

    public string CommitLabel => Commit + (Dirty ? " (+uncommitted changes)" : string.Empty);

    public string Describe() =>
        $"{Cores} cores ({Cpu}), {Memory}, Linux {Kernel}, {Virtualization}, .NET {Dotnet}, commit {CommitLabel}, {Date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";

    public static async Task<MachineInfo> CollectAsync(string repoRoot)
    {
        var memoryKb = HostMemory.ReadKb("MemTotal");
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? (await File.ReadAllTextAsync("/proc/sys/kernel/osrelease").ConfigureAwait(false)).Trim() : "?";
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?"
            : "?";
        var commit = await HostCommand.RunAsync("git", ["-C", repoRoot, "rev-parse", "--short", "HEAD"]).ConfigureAwait(false);
        var status = await HostCommand.RunAsync("git", ["-C", repoRoot, "status", "--porcelain", "--untracked-files=no"]).ConfigureAwait(false);
        var runc = await HostCommand.RunAsync("runc", ["--version"]).ConfigureAwait(false);
        return new MachineInfo(
            Environment.ProcessorCount,
            cpu,
            memoryKb > 0 ? $"{memoryKb / 1024.0 / 1024.0:0.0} GiB" : "?",
            kernel,
            Machine.Virtualization.Detect(),
            Environment.Version.ToString(),
            commit.ExitCode == 0 ? commit.Output.Trim() : "?",
            status.ExitCode == 0 && status.Output.Trim().Length > 0,
            DateTimeOffset.UtcNow)
        {
            Runc = runc.ExitCode == 0 ? runc.Output.Split('\n')[0].Trim() : "?",
        };
    }
}
