using System.Text.Json;
using System.Text.Json.Nodes;

namespace LightVm.LoadTesting.Machine;

/// <summary>
/// The container baselines' OCI bundle: a static busybox as the whole root file system, running <c>true</c>, with
/// a guest's isolation (read-only root, pid/ipc/uts/mount/network namespaces, no capabilities, no new
/// privileges, an unprivileged user, /proc, /dev, /sys, /tmp) minus the NIC and the device page.
/// </summary>
public static class TrivialBundle
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Create(string bundle, string busybox, string? cgroupsPath)
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

        var linux = new JsonObject
        {
            ["namespaces"] = new JsonArray(
                new JsonObject { ["type"] = "pid" },
                new JsonObject { ["type"] = "ipc" },
                new JsonObject { ["type"] = "uts" },
                new JsonObject { ["type"] = "mount" },
                new JsonObject { ["type"] = "network" }),
        };
        if (cgroupsPath is not null)
        {
            linux["cgroupsPath"] = cgroupsPath;
            linux["resources"] = new JsonObject { ["pids"] = new JsonObject { ["limit"] = 256 } };
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
            ["linux"] = linux,
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
