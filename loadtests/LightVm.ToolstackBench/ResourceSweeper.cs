using System.Text.Json;
using LightVm.LoadTesting.Machine;

namespace LightVm.ToolstackBench;

/// <summary>
/// Finds and removes whatever of <see cref="BenchResources"/> is left on the host: containers in the bench's
/// runc root, ports of its bridge, the bridge, its cgroups and state directories. Run before the benchmark
/// (leftovers of a run that was killed) and after it (where it also proves the drivers freed everything).
/// </summary>
internal static class ResourceSweeper
{
    /// <summary>Container ids listed by <c>runc --root &lt;bench root&gt; list</c>; empty when the root does not exist.</summary>
    public static async Task<List<string>> ListContainersAsync()
    {
        if (!Directory.Exists(BenchResources.RuncRoot))
        {
            return [];
        }

        var (code, output) = await HostCommand.RunAsync("runc", ["--root", BenchResources.RuncRoot, "list", "-q"]).ConfigureAwait(false);
        return code == 0 ? [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [$"(runc list failed: {output.Trim()})"];
    }

    /// <summary>Host ends still attached to the bench bridge.</summary>
    public static async Task<List<string>> ListBridgePortsAsync()
    {
        var (code, output) = await HostCommand.RunAsync("ip", ["-j", "link", "show", "master", BenchResources.Bridge]).ConfigureAwait(false);
        if (code != 0 || string.IsNullOrWhiteSpace(output))
        {
            return [];
        }

        try
        {
            using var ports = JsonDocument.Parse(output);
            return [.. ports.RootElement.EnumerateArray().Select(p => p.GetProperty("ifname").GetString() ?? "?")];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Removes everything; returns one line per thing that had to be removed by force.</summary>
    public static async Task<List<string>> SweepAsync()
    {
        var removed = new List<string>();
        foreach (var id in await ListContainersAsync().ConfigureAwait(false))
        {
            var (code, output) = await HostCommand.RunAsync("runc", ["--root", BenchResources.RuncRoot, "delete", "--force", id]).ConfigureAwait(false);
            removed.Add(code == 0 ? $"container {id} (runc delete --force)" : $"container {id}: runc delete --force failed: {output.Trim()}");
        }

        foreach (var port in await ListBridgePortsAsync().ConfigureAwait(false))
        {
            var (code, output) = await HostCommand.RunAsync("ip", ["link", "del", "dev", port]).ConfigureAwait(false);
            removed.Add(code == 0 ? $"bridge port {port}" : $"bridge port {port}: ip link del failed: {output.Trim()}");
        }

        if (Directory.Exists($"/sys/class/net/{BenchResources.Bridge}"))
        {
            await HostCommand.RunAsync("ip", ["link", "del", "dev", BenchResources.Bridge]).ConfigureAwait(false);
        }

        removed.AddRange(RemoveCgroups());
        foreach (var directory in new[] { BenchResources.StateRoot, BenchResources.RuncRoot })
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                removed.Add($"cannot delete {directory}: {e.Message}");
            }
        }

        return removed;
    }

    /// <summary>Removes the bench's cgroup parent in every v1 hierarchy (children first); lists child cgroups that were still there.</summary>
    private static List<string> RemoveCgroups()
    {
        var left = new List<string>();
        if (!Directory.Exists("/sys/fs/cgroup"))
        {
            return left;
        }

        foreach (var hierarchy in Directory.GetDirectories("/sys/fs/cgroup"))
        {
            var parent = Path.Combine(hierarchy, BenchResources.CgroupParent);
            if (!Directory.Exists(parent))
            {
                continue;
            }

            foreach (var child in Directory.GetDirectories(parent))
            {
                left.Add($"cgroup {child}");
                TryRemoveDirectory(child);
            }

            TryRemoveDirectory(parent);
        }

        return left;
    }

    private static void TryRemoveDirectory(string cgroup)
    {
        try
        {
            // A cgroup directory is removed with rmdir only (its control files cannot be deleted).
            Directory.Delete(cgroup, recursive: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still has tasks or children: reported by the caller's lists.
        }
    }
}
