using LightVm.Noxs;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LightVm.Toolstack.Drivers.Oci;

/// <summary>
/// Writes the OCI runtime config of one guest: read-only root, tmpfs where the app may write (/tmp, /run), its own
/// pid, ipc, uts, mount and network namespaces (every port its to bind), no capabilities, no new privileges, its own
/// cgroup, and the device page directory bind-mounted read-only at /run/lightvm (made in the /run tmpfs: a shared,
/// read-only image root such as a Tinyx rootfs/ is never written to). The container baselines of the benchmarks
/// write the same config without a page directory (no page mount, no <c>LIGHTVM_PAGE</c>) and, if they like, without a cgroup.
/// </summary>
public static class OciBundle
{
    public const string PageDirectoryInGuest = "/run/lightvm";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string bundle, string rootfs, IReadOnlyList<string> args, IReadOnlyList<string> env, string? pageDirectory, string hostname, string? cgroupsPath, uint user)
    {
        IEnumerable<string> page = pageDirectory is null ? [] : [$"{GuestVariables.Page}={PageDirectoryInGuest}/page"];
        var config = new JsonObject
        {
            ["ociVersion"] = "1.0.2",
            ["process"] = new JsonObject
            {
                ["terminal"] = false,
                ["user"] = new JsonObject { ["uid"] = user, ["gid"] = user },
                ["args"] = Array(args),
                ["env"] = Array(["PATH=/usr/bin:/bin", .. page, .. env]),
                ["cwd"] = "/",
                ["capabilities"] = new JsonObject
                {
                    ["bounding"] = new JsonArray(),
                    ["effective"] = new JsonArray(),
                    ["permitted"] = new JsonArray(),
                    ["inheritable"] = new JsonArray(),
                    ["ambient"] = new JsonArray(),
                },
                ["noNewPrivileges"] = true,
            },
            ["root"] = new JsonObject { ["path"] = rootfs, ["readonly"] = true },
            ["hostname"] = hostname,
            ["mounts"] = new JsonArray(
            [
                Mount("/proc", "proc", "proc", []),
                Mount("/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=1024k"]),
                Mount("/dev/pts", "devpts", "devpts", ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]),
                Mount("/dev/shm", "tmpfs", "shm", ["nosuid", "noexec", "nodev", "mode=1777", "size=4096k"]),
                Mount("/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", "ro"]),
                Mount("/tmp", "tmpfs", "tmpfs", ["nosuid", "nodev", "mode=1777", "size=16384k"]),
                Mount("/run", "tmpfs", "tmpfs", ["nosuid", "nodev", "mode=755", "size=1024k"]),
                .. pageDirectory is null ? [] : new JsonNode[] { Mount(PageDirectoryInGuest, "bind", pageDirectory, ["rbind", "ro", "nosuid", "nodev", "noexec"]) },
            ]),
            ["linux"] = new JsonObject
            {
                ["namespaces"] = new JsonArray(
                    new JsonObject { ["type"] = "pid" },
                    new JsonObject { ["type"] = "ipc" },
                    new JsonObject { ["type"] = "uts" },
                    new JsonObject { ["type"] = "mount" },
                    new JsonObject { ["type"] = "network" }),
                // The guest's own network namespace: any port is its to bind (daytime's 13, nginx's 80) without
                // a capability, as in a VM guest (Docker does the same).
                ["sysctl"] = new JsonObject { ["net.ipv4.ip_unprivileged_port_start"] = "0" },
                ["maskedPaths"] = Array(["/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"]),
                ["readonlyPaths"] = Array(["/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]),
            },
        };
        if (cgroupsPath is not null)
        {
            config["linux"]!["cgroupsPath"] = cgroupsPath;
            config["linux"]!["resources"] = new JsonObject { ["pids"] = new JsonObject { ["limit"] = 256 } };
        }

        File.WriteAllText(Path.Combine(bundle, "config.json"), config.ToJsonString(Indented));
    }

    private static JsonObject Mount(string destination, string type, string source, string[] options) => new()
    {
        ["destination"] = destination,
        ["type"] = type,
        ["source"] = source,
        ["options"] = Array(options),
    };

    private static JsonArray Array(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]);
}
