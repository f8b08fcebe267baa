using LightVm.Devd.Network;
using LightVm.Toolstack.Drivers.Oci;
using LightVm.Toolstack.Drivers.Process;

namespace LightVm.ToolstackBench;

/// <summary>
/// The benchmark's own host resources, apart from anything the platform, the tests or another benchmark use:
/// its runc root, bridge, subnet, cgroup parent and state directories (all memory-backed).
/// </summary>
internal static class BenchResources
{
    public const string StateRoot = "/dev/shm/lightvm-bench";
    public const string RuncRoot = "/dev/shm/lightvm-bench-runc";
    public const string Bridge = "lvbench0";
    public const string Subnet = "10.78.0.0/16";
    public const string CgroupParent = "lightvm-bench";

    public static string ImageDirectory => Path.Combine(StateRoot, "image");

    public static string BaselineBundle => Path.Combine(StateRoot, "baseline-bundle");

    public static ProcessDriverOptions ProcessOptions() => new() { StateDirectory = Path.Combine(StateRoot, "process") };

    public static GuestNetworkOptions NetworkOptions() => new() { Bridge = Bridge, Subnet = Subnet };

    public static OciDriverOptions OciOptions() => new()
    {
        StateDirectory = Path.Combine(StateRoot, "oci"),
        RuncRoot = RuncRoot,
        CgroupParent = CgroupParent,
    };
}
