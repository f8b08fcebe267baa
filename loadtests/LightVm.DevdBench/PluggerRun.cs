using LightVm.Devd;
using LightVm.LoadTesting.Machine;

namespace LightVm.DevdBench;

/// <summary>One plugger under test: its samples and the NICs it plugged (for verification and cleanup).</summary>
internal sealed class PluggerRun(string name, string hostPrefix, INicPlugger plugger)
{
    public string Name { get; } = name;

    /// <summary>Host-end names start with this, so leftovers can be found and removed.</summary>
    public string HostPrefix { get; } = hostPrefix;

    public INicPlugger Plugger { get; } = plugger;

    public Samples Plug { get; } = new();

    public Samples Unplug { get; } = new();

    public List<(PluggedNic Nic, int Pid)> Plugged { get; } = [];
}
