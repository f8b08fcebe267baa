using System.Text.Json;
using System.Text.Json.Nodes;

namespace LightVm.ToolstackBench;

/// <summary>
/// The `runc run` baseline's bundle: a static busybox as the whole root file system, running `true`, with the
/// same isolation as a guest's bundle (read-only root, pid/ipc/uts/mount/network namespaces, no capabilities,
/// no new privileges, unprivileged user, its own cgroup with a pids limit, /proc, /dev, /sys, /tmp) minus the
/// NIC and the device page.
/// </summary>
internal static class TrivialBundle
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Create(string bundle, string busybox)
    {
        var rootfs = Path.Combine(bundle, "rootfs");
        foreach (var dir in new[] { "bin", "proc", "dev", "sys", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(rootfs, dir));
        }

        var binary = Path.Combine(rootfs, "bin", "busybox");
        File.Copy(busybox, binary, overwrite: true);
        File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var truePath = Path.Combine(rootfs, "bin", "true");
        if (!File.Exists(truePath))
        {
            File.CreateSymbolicLink(truePath, "busybox");
        }

        var config = new JsonObject
        {
            ["ociVersion"] = "1.0.2",
            ["process"] = new JsonObject
            {
                ["terminal"] = false,
                ["user"] = new JsonObject { ["uid"] = 65534, ["gid"] = 65534 },
                ["args"] = new JsonArray("/bin/true"),
                ["env"] = new JsonArray("PATH=/bin"),
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
            ["hostname"] = "baseline",
            ["mounts"] = new JsonArray(
                Mount("/proc", "proc", "proc", []),
                Mount("/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=1024k"]),
                Mount("/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", "ro"]),
                Mount("/tmp", "tmpfs", "tmpfs", ["nosuid", "nodev", "mode=1777", "size=16384k"])),
            ["linux"] = new JsonObject
            {
                ["namespaces"] = new JsonArray(
                    new JsonObject { ["type"] = "pid" },
                    new JsonObject { ["type"] = "ipc" },
                    new JsonObject { ["type"] = "uts" },
                    new JsonObject { ["type"] = "mount" },
                    new JsonObject { ["type"] = "network" }),
                ["cgroupsPath"] = $"/{BenchResources.CgroupParent}/baseline",
                ["resources"] = new JsonObject { ["pids"] = new JsonObject { ["limit"] = 256 } },
            },
        };
        File.WriteAllText(Path.Combine(bundle, "config.json"), config.ToJsonString(Indented));
        return bundle;
    }

    private static JsonObject Mount(string destination, string type, string source, string[] options) => new()
    {
        ["destination"] = destination,
        ["type"] = type,
        ["source"] = source,
        ["options"] = new JsonArray([.. options.Select(o => (JsonNode?)JsonValue.Create(o))]),
    };
}
